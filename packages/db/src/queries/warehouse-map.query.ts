import type { MiniMapNode } from '@repowiki/contracts';
import type { DbClient } from '../client.js';

export interface WarehouseMap {
  value: { title: string; url: string; nodes: MiniMapNode[] };
  updatedAt: Date;
}

/** The mind map of a warehouse (read-only: minimap-svc writes it). */
export async function warehouseMap(db: DbClient, warehouseId: string): Promise<WarehouseMap | undefined> {
  const [row] = await db.sql<WarehouseMap[]>`
    select value, updated_at as "updatedAt" from minimaps where warehouse_id = ${warehouseId}`;
  return row;
}
