import { defineTask, type Queue, TASKS, type TaskDefinition } from '@repowiki/contracts';
import { z } from 'zod';

/**
 * Tasks the chaos workers run: one `work` task per queue (sleeps 1–200 ms, records its
 * effects) and the real `tasks.accesslog.record` batch task, so that the web tier's own
 * helper (the access-log publisher (`createAccessLogPublisher`)) can be the producer. Retry policy: the access-log task's own
 * (5 retries, 1 s backoff doubling to 30 s) — a service's realistic setting, not the
 * 60 s default, so a run drains in minutes.
 */
const retry = { maxRetries: 5, backoffMs: 1_000, backoffMaxMs: 30_000 };

export const WorkPayloadSchema = z.strictObject({
  /** How long the handler works, honouring its abort signal. */
  ms: z.int().min(0).max(10_000),
});
export type WorkPayload = z.infer<typeof WorkPayloadSchema>;

function work(queue: Queue) {
  return defineTask({
    queue,
    name: 'work',
    description: 'chaos: sleeps `ms`, records started/completed/aborted effects',
    payload: WorkPayloadSchema,
    result: z.object({ ok: z.boolean() }),
    retry,
    timeLimits: { softMs: 20_000, hardMs: 30_000 },
  });
}

export const chaosCatalog = {
  'tasks.warehouse.work': work('warehouse'),
  'tasks.statistics.work': work('statistics'),
  'tasks.minimap.work': work('minimap'),
  'tasks.migration.work': work('migration'),
  'tasks.accesslog.record': TASKS['tasks.accesslog.record'],
} as const satisfies Record<string, TaskDefinition>;

export type ChaosSubject = keyof typeof chaosCatalog;

/** The catalog subject of a queue's chaos task. */
export const WORK = {
  warehouse: 'tasks.warehouse.work',
  statistics: 'tasks.statistics.work',
  minimap: 'tasks.minimap.work',
  migration: 'tasks.migration.work',
  accesslog: 'tasks.accesslog.record',
} as const satisfies Record<Queue, ChaosSubject>;
