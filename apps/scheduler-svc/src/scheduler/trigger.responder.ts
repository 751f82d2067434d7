import type { NatsConnection, Subscription } from '@nats-io/nats-core';
import {
  SCHEDULER_TRIGGER_SUBJECT,
  type ScheduleTriggerReply,
  ScheduleTriggerRequestSchema,
} from '@repowiki/contracts';
import type { Logger } from 'pino';
import type { Scheduler } from './scheduler.js';

/**
 * Answers `tasks schedule trigger <entry>` (queue group `scheduler`: one replica per request).
 * The scheduler makes a repeated request fire once (see `Scheduler.trigger`).
 */
export function serveTrigger(
  nc: NatsConnection,
  scheduler: Scheduler,
  replicaId: string,
  logger: Logger,
  namespace = '',
): Subscription {
  return nc.subscribe(`${namespace ? `${namespace}.` : ''}${SCHEDULER_TRIGGER_SUBJECT}`, {
    queue: 'scheduler',
    callback: (err, msg) => {
      if (err) return;
      const answer = async (): Promise<ScheduleTriggerReply> => {
        let request: ReturnType<typeof ScheduleTriggerRequestSchema.parse>;
        try {
          request = ScheduleTriggerRequestSchema.parse(msg.json());
        } catch {
          return { ok: false, code: 'invalid', message: 'not a trigger request' };
        }
        const fired = await scheduler.trigger(request.entry, Date.parse(request.requestedAt));
        if (!fired) return { ok: false, code: 'not_found', message: `no schedule entry "${request.entry}"` };
        return {
          ok: true,
          entry: fired.entry.name,
          task: fired.entry.subject,
          taskId: fired.taskId,
          slot: new Date(fired.slot).toISOString(),
          created: fired.created,
          replicaId,
        };
      };
      answer()
        .catch((e: unknown): ScheduleTriggerReply => {
          logger.error({ err: e }, 'schedule trigger failed');
          return {
            ok: false,
            code: 'error',
            message: String((e as Error)?.message ?? e).split('\n')[0] ?? '',
          };
        })
        .then((reply) => msg.respond(JSON.stringify(reply)));
    },
  });
}
