import type { TaskState } from '@repowiki/contracts';
import type { Sql } from 'postgres';
import { type RunFilter, runWhere } from './run-filter.js';

/**
 * Runs matching `filter` per state (states without runs are absent). With `since` or `task`
 * it reads an index range; without, the whole ledger (which result expiry keeps to a few days).
 */
export async function countRuns(sql: Sql, filter: RunFilter): Promise<Partial<Record<TaskState, number>>> {
  const rows = await countRunsStatement(sql, filter);
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}

/** The statement of `countRuns`, unexecuted (for EXPLAIN). */
export function countRunsStatement(sql: Sql, filter: RunFilter) {
  return sql<{ state: TaskState; n: number }[]>`
    select state, count(*)::int as n from task_runs ${runWhere(sql, filter)} group by state`;
}
