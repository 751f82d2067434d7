import type { DbClient } from '../client.js';

/** The stored mind map of a warehouse (`{ title, url, nodes }`), if minimap-svc built one. */
export async function warehouseMinimap(db: DbClient, warehouseId: string): Promise<unknown | undefined> {
  const [row] = await db.sql<
    { value: unknown }[]
  >`select value from minimaps where warehouse_id = ${warehouseId}`;
  return row?.value;
}
