import type { Sql } from 'postgres';

/**
 * Result expiry for the ledger, like Celery's `result_expires`: finished runs (SUCCESS,
 * FAILURE, REVOKED) older than `olderThanMs` are deleted, in batches so that no statement
 * holds many row locks or writes a burst of WAL. Runs that are not final are never touched,
 * however old.
 *
 * Index use: `task_runs_submitted_idx (submitted_at, id)`. A run finishes after it was
 * submitted, so `finished_at < cutoff` implies `submitted_at < cutoff`: the index bounds the
 * scan, and no index on `finished_at` is needed (it would make every final write a non-HOT
 * update, as the final write sets `finished_at`).
 *
 * MUST stay longer than a message can live in a task stream plus its redeliveries: a
 * delivery whose row was deleted would create the row again and run the task again.
 */
export async function deleteExpiredRuns(
  sql: Sql,
  options: {
    olderThanMs: number;
    /** Rows per statement. @default 1_000 */
    batchSize?: number;
    /** Statements per call; the next call goes on. @default 50 */
    maxBatches?: number;
  },
): Promise<number> {
  const batchSize = options.batchSize ?? 1_000;
  let deleted = 0;
  for (let i = 0; i < (options.maxBatches ?? 50); i++) {
    const result = await sql`
      delete from task_runs where ctid = any(array(
        select ctid from task_runs
        where submitted_at < now() - ${options.olderThanMs} * interval '1 millisecond'
          and finished_at < now() - ${options.olderThanMs} * interval '1 millisecond'
          and state in ('SUCCESS', 'FAILURE', 'REVOKED')
        limit ${batchSize}))`;
    deleted += result.count;
    if (result.count < batchSize) break;
  }
  return deleted;
}
