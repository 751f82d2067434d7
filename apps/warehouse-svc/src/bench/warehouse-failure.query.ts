import type { DbClient } from '@repowiki/db';

/** The stored error of a FAILED warehouse; undefined while it is not FAILED. */
export async function warehouseFailure(db: DbClient, warehouseId: string): Promise<string | undefined> {
  const [w] = await db.sql<{ status: string; error: string | null }[]>`
    select status, error from warehouses where id = ${warehouseId}`;
  return w?.status === 'failed' ? (w.error ?? 'no error recorded') : undefined;
}
