import type { TaskError, TaskState } from '@repowiki/contracts';
import type { Sql } from 'postgres';
import { type RunFilter, runWhere } from './run-filter.js';

/** One ledger run as `tasks list` and the console show it. */
export interface RunSummary {
  id: string;
  /** Catalog subject. */
  task: string;
  queue: string;
  state: TaskState;
  attempts: number;
  userId: string | null;
  workerId: string | null;
  submittedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  error: TaskError | null;
  retryOf: string | null;
  /**
   * `submitted_at` to the microsecond (ISO-8601, UTC), for the next page's `before`: a `Date`
   * keeps milliseconds only, and runs submitted within one millisecond would be skipped.
   */
  cursorAt: string;
}

/** Runs matching `filter`, newest first (`(submitted_at, id)` descending), at most `limit`. */
export async function listRuns(sql: Sql, filter: RunFilter, limit: number): Promise<RunSummary[]> {
  return listRunsStatement(sql, filter, limit);
}

/** The statement of `listRuns`, unexecuted: a test EXPLAINs it (`explain ${statement}`). */
export function listRunsStatement(sql: Sql, filter: RunFilter, limit: number) {
  return sql<RunSummary[]>`
    select id, name as task, queue, state, attempts, user_id as "userId", worker_id as "workerId",
           submitted_at as "submittedAt", started_at as "startedAt", finished_at as "finishedAt",
           error, retry_of as "retryOf",
           to_char(submitted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "cursorAt"
    from task_runs ${runWhere(sql, filter)}
    order by submitted_at desc, id desc
    limit ${limit}`;
}
