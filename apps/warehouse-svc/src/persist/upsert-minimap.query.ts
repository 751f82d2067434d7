import type { MiniMapNode } from '@repowiki/contracts';
import type { DbClient } from '@repowiki/db';

export async function upsertMinimap(db: DbClient, warehouseId: string, map: MiniMapNode): Promise<void> {
  await db.sql`
    insert into minimaps (warehouse_id, value) values (${warehouseId}, ${JSON.stringify(map)}::jsonb)
    on conflict (warehouse_id) do update set value = excluded.value, updated_at = now()`;
}
