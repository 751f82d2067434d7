import { z } from 'zod';
import { IdSchema } from './common.schema.js';
import type { TaskState } from './names.js';
import type { Queue } from './queues.js';

export { TASK_STATES, type TaskState } from './names.js';
export const FINAL_STATES: readonly TaskState[] = ['SUCCESS', 'FAILURE', 'REVOKED'];

export const TaskErrorSchema = z.object({
  name: z.string(),
  message: z.string(),
  code: z.string().optional(),
  retriable: z.boolean().optional(),
});
export type TaskError = z.infer<typeof TaskErrorSchema>;

const TaskEventBase = z.object({
  taskId: z.string(),
  task: z.string(),
  queue: z.string(),
  attempts: z.int().nonnegative(),
  workerId: z.string().optional(),
});

export const TaskSucceededEventSchema = TaskEventBase.extend({
  result: z.unknown(),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  durationMs: z.number().nonnegative(),
});
export type TaskSucceededEvent = z.infer<typeof TaskSucceededEventSchema>;

export const TaskFailedEventSchema = TaskEventBase.extend({
  error: TaskErrorSchema,
  finishedAt: z.iso.datetime(),
  durationMs: z.number().nonnegative().optional(),
});
export type TaskFailedEvent = z.infer<typeof TaskFailedEventSchema>;

export const TaskProgressSchema = z.object({
  /** 0–100 when known. */
  percent: z.number().min(0).max(100).optional(),
  step: z.string().optional(),
  message: z.string().optional(),
  current: z.number().optional(),
  total: z.number().optional(),
});
export type TaskProgress = z.infer<typeof TaskProgressSchema>;

export const TaskProgressEventSchema = TaskEventBase.extend({
  progress: TaskProgressSchema,
  at: z.iso.datetime(),
});
export type TaskProgressEvent = z.infer<typeof TaskProgressEventSchema>;

export type TaskOutcome = 'succeeded' | 'failed' | 'progress';

/** `events.<queue>.<task>.<outcome>`. */
export function taskEventSubject(queue: Queue | string, task: string, outcome: TaskOutcome): string {
  return `events.${queue}.${task}.${outcome}`;
}

/** Domain events: another service reacts to them. */
export const DOMAIN_EVENTS = {
  'events.warehouse.completed': z.object({
    warehouseId: IdSchema,
    version: z.string(),
    completedAt: z.iso.datetime(),
  }),
} as const;
export type DomainEventSubject = keyof typeof DOMAIN_EVENTS;
export type DomainEvent<S extends DomainEventSubject> = z.infer<(typeof DOMAIN_EVENTS)[S]>;
