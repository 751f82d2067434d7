import { type CodeOutline, CodeOutlineSchema } from '@repowiki/contracts';
import type { DbClient } from '@repowiki/db';

/**
 * Stores the code outline minimap-svc draws the mind map from (table `code_outlines`, written
 * only here). Validated against the contract first: a reader parses it with the same schema.
 */
export async function upsertCodeOutline(
  db: DbClient,
  warehouseId: string,
  outline: CodeOutline,
): Promise<void> {
  const value = CodeOutlineSchema.parse(outline);
  await db.sql`
    insert into code_outlines (warehouse_id, value) values (${warehouseId}, ${JSON.stringify(value)}::jsonb)
    on conflict (warehouse_id) do update set value = excluded.value, updated_at = now()`;
}
