import type { TaskState } from '@repowiki/contracts';
import type { Sql } from 'postgres';
import { type RunFilter, runWhere } from './run-filter.js';

/**
 * Ids of the runs matching `filter` whose state is one of `allowed` (newest first, at most
 * `limit`), for bulk operations: the ids are fixed before anything is changed, so a prompt
 * shows exactly what will be acted on.
 */
export async function matchRunIds(
  sql: Sql,
  filter: RunFilter,
  allowed: readonly TaskState[],
  limit: number,
  options: { notRetried?: boolean } = {},
): Promise<string[]> {
  const states = filter.states?.length ? filter.states.filter((s) => allowed.includes(s)) : allowed;
  if (states.length === 0) return [];
  const rows = await sql<{ id: string }[]>`
    select t.id from (
      select id, submitted_at from task_runs ${runWhere(sql, { ...filter, states })}
    ) t
    ${options.notRetried ? sql`where not exists (select 1 from task_runs r where r.retry_of = t.id)` : sql``}
    order by t.submitted_at desc, t.id desc limit ${limit}`;
  return rows.map((r) => r.id);
}
