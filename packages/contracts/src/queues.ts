import type { Queue } from './names.js';

export { QUEUES, type Queue } from './names.js';

/** `warehouse` → `TASKS_WAREHOUSE`: what `nats stream info` takes. */
export function taskStreamName(queue: Queue): string {
  return `TASKS_${queue.toUpperCase()}`;
}

/** Subject filter of a queue's stream and consumer. */
export function taskSubjectFilter(queue: Queue): string {
  return `tasks.${queue}.>`;
}
