import { type CodeOutline, CodeOutlineSchema } from '@repowiki/contracts';
import type { DbClient } from '@repowiki/db';

/**
 * The code outline warehouse-svc stored for a warehouse (`code_outlines`, written only by
 * warehouse-svc), parsed with the contract's schema; undefined when there is none (a wiki
 * built before outlines existed) or it does not parse (`invalid` then says why).
 */
export async function loadCodeOutline(
  sql: DbClient['sql'],
  warehouseId: string,
): Promise<{ outline?: CodeOutline; invalid?: string }> {
  const [row] = await sql<
    { value: unknown }[]
  >`select value from code_outlines where warehouse_id = ${warehouseId}`;
  if (!row) return {};
  const parsed = CodeOutlineSchema.safeParse(row.value);
  return parsed.success ? { outline: parsed.data } : { invalid: parsed.error.message };
}
