/**
 * The five work queues. Each is one JetStream work-queue stream
 * (`TASKS_<QUEUE>`) capturing `tasks.<queue>.>`.
 */
export const QUEUES = ['warehouse', 'statistics', 'accesslog', 'minimap', 'migration'] as const;
export type Queue = (typeof QUEUES)[number];

/** `warehouse` → `TASKS_WAREHOUSE`: what `nats stream info` takes. */
export function taskStreamName(queue: Queue): string {
  return `TASKS_${queue.toUpperCase()}`;
}

/** Subject filter of a queue's stream and consumer. */
export function taskSubjectFilter(queue: Queue): string {
  return `tasks.${queue}.>`;
}
