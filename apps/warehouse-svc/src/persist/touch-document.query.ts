import { type DbClient, documents, eq } from '@repowiki/db';

/** Sets the warehouse's document status and its last update to now. */
export async function touchDocument(db: DbClient, warehouseId: string, status: string): Promise<void> {
  await db.db
    .update(documents)
    .set({ status, lastUpdate: new Date(), updatedAt: new Date() })
    .where(eq(documents.warehouseId, warehouseId));
}
