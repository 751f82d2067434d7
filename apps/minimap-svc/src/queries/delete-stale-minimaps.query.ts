import type { DbClient } from '@repowiki/db';

/**
 * Deletes maps of deleted warehouses and maps not rebuilt since `cutoff`; `generate` then
 * draws a fresh map for the warehouses still COMPLETED.
 * @returns maps deleted
 */
export async function deleteStaleMinimaps(sql: DbClient['sql'], cutoff: Date): Promise<number> {
  const result = await sql`
    delete from minimaps m using warehouses w
    where w.id = m.warehouse_id and (w.is_deleted or m.updated_at < ${cutoff.toISOString()})`;
  return result.count;
}
