/**
 * Terminology
 * -----------
 * task        A named unit of work, e.g. `process` of queue `warehouse`. Its subject is
 *             `tasks.<queue>.<task>`; the catalog below is the only place subjects are spelt.
 * queue       A group of tasks served by one service; one JetStream work-queue stream
 *             (`TASKS_<QUEUE>`) holds its pending messages.
 * task id     The id of one submission. It is the `Nats-Msg-Id` (the server drops a
 *             re-publish within the duplicate window) and the primary key of `task_runs`.
 * attempt     One execution of a task id; retries and redeliveries add attempts.
 * ledger      The `task_runs` table: one row per task id with its state, the source of
 *             truth for status, results and exactly-once effects.
 * DLQ         The `DLQ` stream (`dlq.<queue>.<task>`) of messages that will not run
 *             again: bad input, or retries exhausted. `tasks dlq replay` re-submits.
 * event       A fact published on `events.…` (completion, progress, domain events).
 */
import type { z } from 'zod';
import type { TaskDefinition } from './define-task.js';
import type { Queue } from './queues.js';
import { accesslogTasks } from './tasks/accesslog.tasks.js';
import { migrationTasks } from './tasks/migration.tasks.js';
import { minimapTasks } from './tasks/minimap.tasks.js';
import { statisticsTasks } from './tasks/statistics.tasks.js';
import { warehouseTasks } from './tasks/warehouse.tasks.js';

export const TASKS = {
  ...warehouseTasks,
  ...statisticsTasks,
  ...accesslogTasks,
  ...minimapTasks,
  ...migrationTasks,
} as const;

export type Tasks = typeof TASKS;
export type TaskSubject = keyof Tasks;

/** Subjects of one queue, e.g. `QueueSubject<'warehouse'>`. */
export type QueueSubject<Q extends Queue> = {
  [S in TaskSubject]: Tasks[S]['queue'] extends Q ? S : never;
}[TaskSubject];

/** Payload as the producer writes it (defaults not yet applied). */
export type TaskInput<S extends TaskSubject> = z.input<Tasks[S]['payload']>;
/** Payload as the handler sees it, after validation. */
export type TaskPayload<S extends TaskSubject> = z.output<Tasks[S]['payload']>;
export type TaskResult<S extends TaskSubject> = z.output<Tasks[S]['result']>;

export const TASK_SUBJECTS = Object.keys(TASKS) as TaskSubject[];

export function isTaskSubject(subject: string): subject is TaskSubject {
  return Object.hasOwn(TASKS, subject);
}

export function getTask<S extends TaskSubject>(subject: S): Tasks[S] {
  return TASKS[subject];
}

export function tasksOfQueue<Q extends Queue>(queue: Q): TaskDefinition[] {
  return Object.values(TASKS).filter((t) => t.queue === queue) as TaskDefinition[];
}

/** `process` or `warehouse.process` or `tasks.warehouse.process` → the subject, for CLIs. */
export function resolveTaskSubject(name: string): TaskSubject | undefined {
  if (isTaskSubject(name)) return name;
  if (isTaskSubject(`tasks.${name}`)) return `tasks.${name}` as TaskSubject;
  const matches = TASK_SUBJECTS.filter((s) => s.endsWith(`.${name}`));
  return matches.length === 1 ? matches[0] : undefined;
}
