import type { DbClient } from '@repowiki/db';

/** COMPLETED, live warehouses that have no map yet, oldest first. */
export async function findWarehousesWithoutMap(sql: DbClient['sql'], limit: number): Promise<string[]> {
  const rows = await sql<{ id: string }[]>`
    select w.id from warehouses w
    where w.status = 'completed' and not w.is_deleted
      and not exists (select 1 from minimaps m where m.warehouse_id = w.id)
    order by w.created_at, w.id
    limit ${limit}`;
  return rows.map((r) => r.id);
}
