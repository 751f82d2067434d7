import type { DbClient } from '../client.js';

type Sql = DbClient['sql'];

/**
 * Rows removed per DELETE: keeps each statement short (locks, WAL, replication lag) even
 * when months of records expire at once. @default 5_000
 */
export const DELETE_BATCH_SIZE = 5_000;

/**
 * Deletes access records that occurred before `cutoff`, one bounded statement at a time,
 * checking `signal` between statements. Each statement commits on its own, so an aborted
 * run keeps what it deleted and the next run continues.
 * @returns rows deleted
 */
export async function deleteAccessRecordsBefore(
  sql: Sql,
  cutoff: Date,
  signal: AbortSignal,
  batchSize = DELETE_BATCH_SIZE,
): Promise<number> {
  let total = 0;
  for (;;) {
    signal.throwIfAborted();
    const result = await sql`
      delete from access_records
      where id in (
        select id from access_records where occurred_at < ${cutoff.toISOString()} order by occurred_at limit ${batchSize}
      )`;
    total += result.count;
    if (result.count < batchSize) return total;
  }
}
