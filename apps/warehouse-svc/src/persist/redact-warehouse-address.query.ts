import { type DbClient, eq, warehouses } from '@repowiki/db';

/**
 * Replaces a stored address that carries credentials (`https://TOKEN@host/…`, refused
 * before git ran) by its redacted form, so the token does not stay in the table.
 */
export async function redactWarehouseAddress(db: DbClient, id: string, address: string): Promise<void> {
  await db.db.update(warehouses).set({ address }).where(eq(warehouses.id, id));
}
