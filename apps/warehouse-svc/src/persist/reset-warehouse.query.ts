import type { DbClient } from '@repowiki/db';

/** Puts a live warehouse back to PENDING with its error cleared; undefined when there is none. */
export async function resetWarehouseRow(
  db: DbClient,
  id: string,
): Promise<{ id: string; creator_id: string | null } | undefined> {
  const [row] = await db.sql<{ id: string; creator_id: string | null }[]>`
    update warehouses set status = 'pending', error = null, updated_at = now()
    where id = ${id} and not is_deleted
    returning id, creator_id`;
  return row;
}
