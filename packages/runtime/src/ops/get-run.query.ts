import { FINAL_STATES, type TaskError, type TaskProgress, type TaskState } from '@repowiki/contracts';
import type { Sql } from 'postgres';

/** One attempt of a run: from `attempt_log`, or the row itself for the current/last one. */
export interface RunAttempt {
  attempt: number;
  workerId: string | null;
  startedAt: Date | null;
  /** null while it runs, and for a LOST attempt (its worker died). */
  finishedAt: Date | null;
  /** RETRY (failed, retried), LOST (its worker died), or the run's state for the last attempt. */
  state: TaskState | 'LOST';
  error: TaskError | null;
}

/** Everything the ledger knows about one run (`tasks show`). */
export interface RunDetail {
  id: string;
  task: string;
  queue: string;
  state: TaskState;
  attempts: number;
  payload: unknown;
  result: unknown;
  error: TaskError | null;
  progress: TaskProgress | null;
  userId: string | null;
  correlationId: string | null;
  parentId: string | null;
  workerId: string | null;
  submittedAt: Date;
  notBefore: Date | null;
  expiresAt: Date | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  revokeRequestedAt: Date | null;
  updatedAt: Date;
  /** The run this one re-runs (`tasks retry`). */
  retryOf: string | null;
  /** The run that re-ran this one, if any. */
  retriedAs: string | null;
  attemptList: RunAttempt[];
}

interface Row extends Omit<RunDetail, 'attemptList'> {
  attemptLog: { [K in keyof RunAttempt]: unknown }[] | null;
}

const date = (v: unknown) => (v === null || v === undefined ? null : new Date(String(v)));

/** The run `id` with every attempt, or undefined. Two primary-key/unique-index lookups. */
export async function getRun(sql: Sql, id: string): Promise<RunDetail | undefined> {
  const [row] = await sql<Row[]>`
    select t.id, t.name as task, t.queue, t.state, t.attempts, t.payload, t.result, t.error, t.progress,
           t.user_id as "userId", t.correlation_id as "correlationId", t.parent_id as "parentId",
           t.worker_id as "workerId", t.submitted_at as "submittedAt", t.not_before as "notBefore",
           t.expires_at as "expiresAt", t.started_at as "startedAt", t.finished_at as "finishedAt",
           t.revoke_requested_at as "revokeRequestedAt", t.updated_at as "updatedAt", t.retry_of as "retryOf",
           t.attempt_log as "attemptLog",
           (select r.id from task_runs r where r.retry_of = t.id) as "retriedAs"
    from task_runs t where t.id = ${id}`;
  if (!row) return undefined;
  const { attemptLog, ...run } = row;
  return { ...run, attemptList: attemptsOf(run, attemptLog ?? []) };
}

/**
 * The log's earlier attempts, then the current or last one from the row's columns: a RETRY
 * row's last attempt is in the log already; a run that never started has none.
 */
export function attemptsOf(
  run: Pick<RunDetail, 'state' | 'attempts' | 'workerId' | 'startedAt' | 'finishedAt' | 'error'>,
  log: readonly { [K in keyof RunAttempt]: unknown }[],
): RunAttempt[] {
  const earlier: RunAttempt[] = log.map((a) => ({
    attempt: Number(a.attempt),
    workerId: (a.workerId as string | null) ?? null,
    startedAt: date(a.startedAt),
    finishedAt: date(a.finishedAt),
    state: a.state as RunAttempt['state'],
    error: (a.error as TaskError | null) ?? null,
  }));
  const last = earlier.at(-1)?.attempt ?? 0;
  if (run.attempts <= last || run.state === 'RETRY' || run.state === 'PENDING' || !run.startedAt)
    return earlier;
  const final = FINAL_STATES.includes(run.state);
  return [
    ...earlier,
    {
      attempt: run.attempts,
      workerId: run.workerId,
      startedAt: run.startedAt,
      finishedAt: final ? run.finishedAt : null,
      state: run.state,
      error: run.state === 'FAILURE' || run.state === 'REVOKED' ? run.error : null,
    },
  ];
}
