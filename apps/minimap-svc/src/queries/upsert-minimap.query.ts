import type { MiniMapNode } from '@repowiki/contracts';
import { type Database, minimaps, sql } from '@repowiki/db';

/** One map per warehouse: a rebuild replaces it. */
export async function upsertMiniMap(db: Database, warehouseId: string, value: MiniMapNode): Promise<void> {
  await db
    .insert(minimaps)
    .values({ warehouseId, value })
    .onConflictDoUpdate({ target: minimaps.warehouseId, set: { value, updatedAt: sql`now()` } });
}
