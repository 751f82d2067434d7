import type { DbClient } from '@repowiki/db';

/** One document per warehouse (unique); returns its id. */
export async function upsertDocument(
  db: DbClient,
  warehouseId: string,
  gitPath: string,
  status: string,
): Promise<string> {
  const [row] = await db.sql<{ id: string }[]>`
    insert into documents (warehouse_id, git_path, status, last_update)
    values (${warehouseId}, ${gitPath}, ${status}, now())
    on conflict (warehouse_id) do update set git_path = excluded.git_path, status = excluded.status,
      last_update = now(), updated_at = now()
    returning id`;
  if (!row) throw new Error('document upsert returned no row');
  return row.id;
}
