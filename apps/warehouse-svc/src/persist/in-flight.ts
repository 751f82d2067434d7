import type { TaskSubject } from '@repowiki/contracts';
import type { DbClient } from '@repowiki/db';

/**
 * Warehouses that already have a task of `subject` in flight according to the ledger
 * (`task_runs` not in a final state): scheduling MUST skip them, or a slow clone would
 * be started twice.
 */
export async function warehousesInFlight(
  db: DbClient,
  subject: TaskSubject,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.sql<{ id: string }[]>`
    select distinct payload->>'warehouseId' as id from task_runs
    where name = ${subject} and state in ('PENDING', 'STARTED', 'PROGRESS', 'RETRY')
      and payload->>'warehouseId' = any(${ids as string[]}::text[])`;
  return new Set(rows.map((r) => r.id));
}
