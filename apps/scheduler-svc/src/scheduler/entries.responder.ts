import type { NatsConnection, Subscription } from '@nats-io/nats-core';
import { SCHEDULER_ENTRIES_SUBJECT, type ScheduleEntriesReply } from '@repowiki/contracts';
import type { Scheduler } from './scheduler.js';

/**
 * Answers `tasks inspect scheduled` / `tasks schedule list`. Queue group `scheduler`: one
 * replica answers each request; all replicas share the configuration, so any answer will do.
 */
export function serveEntries(
  nc: NatsConnection,
  scheduler: Scheduler,
  replicaId: string,
  namespace = '',
): Subscription {
  const subject = `${namespace ? `${namespace}.` : ''}${SCHEDULER_ENTRIES_SUBJECT}`;
  return nc.subscribe(subject, {
    queue: 'scheduler',
    callback: (err, msg) => {
      if (err) return;
      const reply: ScheduleEntriesReply = {
        replicaId,
        entries: scheduler.state().map(({ entry, lastSlot, nextFireAt }) => ({
          name: entry.name,
          task: entry.subject,
          payload: entry.payload,
          ...(entry.everySeconds !== undefined ? { everySeconds: entry.everySeconds } : {}),
          ...(entry.cron !== undefined ? { cron: entry.cron } : {}),
          timezone: entry.timezone,
          missed: entry.missed,
          nextFireAt: new Date(nextFireAt).toISOString(),
          lastSlot: lastSlot === undefined ? null : new Date(lastSlot).toISOString(),
        })),
      };
      msg.respond(JSON.stringify(reply));
    },
  });
}
