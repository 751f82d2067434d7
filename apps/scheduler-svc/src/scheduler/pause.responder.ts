import type { NatsConnection, Subscription } from '@nats-io/nats-core';
import {
  SCHEDULER_PAUSE_SUBJECT,
  type SchedulePauseReply,
  SchedulePauseRequestSchema,
} from '@repowiki/contracts';
import type { DbClient } from '@repowiki/db';
import type { Logger } from 'pino';
import { pauseEntry, resumeEntry } from './fire-store.js';
import type { Scheduler } from './scheduler.js';

/**
 * Answers `tasks schedule pause|resume <entry>` (queue group `scheduler`). This service owns
 * `schedule_pauses`: the answering replica writes it, and every replica's claim of a slot
 * reads it, so the pause holds on all of them and across restarts.
 */
export function servePause(
  nc: NatsConnection,
  scheduler: Scheduler,
  db: DbClient,
  replicaId: string,
  logger: Logger,
  namespace = '',
): Subscription {
  return nc.subscribe(`${namespace ? `${namespace}.` : ''}${SCHEDULER_PAUSE_SUBJECT}`, {
    queue: 'scheduler',
    callback: (err, msg) => {
      if (err) return;
      const answer = async (): Promise<SchedulePauseReply> => {
        let request: ReturnType<typeof SchedulePauseRequestSchema.parse>;
        try {
          request = SchedulePauseRequestSchema.parse(msg.json());
        } catch {
          return { ok: false, code: 'invalid', message: 'not a pause request' };
        }
        if (!scheduler.entries.some((e) => e.name === request.entry))
          return { ok: false, code: 'not_found', message: `no schedule entry "${request.entry}"` };
        const changed = request.paused
          ? await pauseEntry(db.sql, request.entry, request.by)
          : await resumeEntry(db.sql, request.entry);
        logger.info(
          { entry: request.entry, paused: request.paused, changed },
          'schedule entry paused or resumed',
        );
        return { ok: true, entry: request.entry, paused: request.paused, changed, replicaId };
      };
      answer()
        .catch((e: unknown): SchedulePauseReply => {
          logger.error({ err: e }, 'schedule pause failed');
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
