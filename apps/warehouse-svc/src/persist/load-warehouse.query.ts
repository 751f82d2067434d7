import { type DbClient, eq, warehouses } from '@repowiki/db';

export type WarehouseRow = typeof warehouses.$inferSelect;

/** The warehouse row, or undefined when it does not exist or is soft-deleted. */
export async function loadWarehouse(db: DbClient, id: string): Promise<WarehouseRow | undefined> {
  const [row] = await db.db.select().from(warehouses).where(eq(warehouses.id, id));
  return row && !row.isDeleted ? row : undefined;
}
