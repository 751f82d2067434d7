import type { WarehouseStatus } from '@repowiki/contracts';
import { type DbClient, eq, warehouses } from '@repowiki/db';

export async function setWarehouseStatus(
  db: DbClient,
  id: string,
  status: WarehouseStatus,
  error: string | null = null,
): Promise<void> {
  await db.db.update(warehouses).set({ status, error, updatedAt: new Date() }).where(eq(warehouses.id, id));
}
