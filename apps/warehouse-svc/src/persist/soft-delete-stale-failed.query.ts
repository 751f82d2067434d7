import type { DbClient } from '@repowiki/db';

/** Soft-deletes FAILED warehouses untouched for `staleHours`; returns their ids. */
export async function softDeleteStaleFailed(db: DbClient, staleHours: number): Promise<string[]> {
  const rows = await db.sql<{ id: string }[]>`
    update warehouses set is_deleted = true, deleted_at = now(), updated_at = now()
    where not is_deleted and status = 'failed' and updated_at < now() - make_interval(hours => ${staleHours})
    returning id`;
  return rows.map((r) => r.id);
}
