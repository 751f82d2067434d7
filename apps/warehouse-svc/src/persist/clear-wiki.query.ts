import type { DbClient } from '@repowiki/db';

/** `process` starts from a clean slate so a retried or reset run never mixes two wikis. */
export async function clearWiki(db: DbClient, warehouseId: string): Promise<void> {
  await db.sql`delete from document_catalogs where warehouse_id = ${warehouseId}`;
}
