import type { TaskError, TaskProgress, TaskState } from '@repowiki/contracts';
import type { TaskRunRow } from './ledger.js';

/** What `status(id)` answers: the ledger row as producers and operators see it. */
export interface TaskStatus {
  id: string;
  state: TaskState | 'NOT_FOUND';
  subject: string | null;
  queue: string | null;
  attempts: number;
  result: unknown;
  error: TaskError | null;
  progress: TaskProgress | null;
  userId: string | null;
  workerId: string | null;
  submittedAt: Date | null;
  notBefore: Date | null;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** The status of `id` from its ledger row (NOT_FOUND when there is none). */
export function taskStatusOf(id: string, row: TaskRunRow | undefined): TaskStatus {
  if (!row) {
    return {
      id,
      state: 'NOT_FOUND',
      subject: null,
      queue: null,
      attempts: 0,
      result: null,
      error: null,
      progress: null,
      userId: null,
      workerId: null,
      submittedAt: null,
      notBefore: null,
      startedAt: null,
      finishedAt: null,
    };
  }
  return {
    id: row.id,
    state: row.state,
    subject: row.name,
    queue: row.queue,
    attempts: row.attempts,
    result: row.result,
    error: row.error,
    progress: row.progress,
    userId: row.userId,
    workerId: row.workerId,
    submittedAt: row.submittedAt,
    notBefore: row.notBefore,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}
