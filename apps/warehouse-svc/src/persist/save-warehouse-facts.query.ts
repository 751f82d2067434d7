import type { Classification } from '@repowiki/contracts';
import { type DbClient, eq, warehouses } from '@repowiki/db';

export interface WarehouseFacts {
  readonly version: string;
  readonly readme: string;
  readonly optimizedDirectoryStructure: string;
  readonly classify: Classification;
}

export async function saveWarehouseFacts(
  db: DbClient,
  id: string,
  facts: Partial<WarehouseFacts>,
): Promise<void> {
  await db.db
    .update(warehouses)
    .set({ ...facts, updatedAt: new Date() })
    .where(eq(warehouses.id, id));
}
