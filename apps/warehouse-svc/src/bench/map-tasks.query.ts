import type { DbClient } from '@repowiki/db';

/** Mind-map tasks (`tasks.minimap.*`) submitted for a warehouse, and how many are not final yet. */
export async function countMapTasks(
  db: DbClient,
  warehouseId: string,
): Promise<{ total: number; open: number }> {
  const [row] = await db.sql<{ total: number; open: number }[]>`
    select count(*)::int as total,
      count(*) filter (where state not in ('SUCCESS', 'FAILURE', 'REVOKED'))::int as open
    from task_runs
    where name like 'tasks.minimap.%' and payload->>'warehouseId' = ${warehouseId}`;
  return row ?? { total: 0, open: 0 };
}
