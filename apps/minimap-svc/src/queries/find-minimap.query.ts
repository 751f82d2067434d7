import type { DbClient } from '@repowiki/db';

/** The stored map (unvalidated JSON), or undefined when the warehouse has none. */
export async function findMinimap(
  sql: DbClient['sql'],
  warehouseId: string,
): Promise<{ value: unknown } | undefined> {
  const [row] = await sql<
    { value: unknown }[]
  >`select value from minimaps where warehouse_id = ${warehouseId}`;
  return row;
}
