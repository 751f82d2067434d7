import type { NatsConnection, Subscription } from '@nats-io/nats-core';
import { SCHEDULER_ENTRIES_SUBJECT, type ScheduleEntriesReply } from '@repowiki/contracts';
import type { DbClient } from '@repowiki/db';
import type { Logger } from 'pino';
import { type EntryPause, pausedEntries } from './fire-store.js';
import type { Scheduler } from './scheduler.js';

/**
 * Answers `tasks inspect scheduled` / `tasks schedule list`. Queue group `scheduler`: one
 * replica answers each request; all replicas share the configuration, so any answer will do.
 * The paused state comes from `schedule_pauses`; if it cannot be read, entries are shown
 * without it rather than not at all.
 */
export function serveEntries(
  nc: NatsConnection,
  scheduler: Scheduler,
  db: DbClient,
  replicaId: string,
  logger: Logger,
  namespace = '',
): Subscription {
  const subject = `${namespace ? `${namespace}.` : ''}${SCHEDULER_ENTRIES_SUBJECT}`;
  return nc.subscribe(subject, {
    queue: 'scheduler',
    callback: (err, msg) => {
      if (err) return;
      pausedEntries(db.sql)
        .catch((e: unknown) => {
          logger.warn({ err: e }, 'schedule pauses unreadable');
          return new Map<string, EntryPause>();
        })
        .then((paused) => {
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
              paused: paused.has(entry.name),
              pausedAt: paused.get(entry.name)?.pausedAt.toISOString() ?? null,
            })),
          };
          msg.respond(JSON.stringify(reply));
        });
    },
  });
}
