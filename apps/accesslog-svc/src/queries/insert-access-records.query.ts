import { accessRecords, type Database } from '@repowiki/db';
import type { TransactionSql } from 'postgres';

export type AccessRecordRow = typeof accessRecords.$inferInsert;

/**
 * One multi-row INSERT for a whole batch, run in `tx` (the batch's `ctx.complete`
 * transaction, which also writes every item's SUCCESS). drizzle builds the statement; it
 * runs on the transaction's connection. `message_id` is unique, so a message stored by an
 * earlier call is silently skipped: each message becomes exactly one row.
 * @returns rows actually inserted (duplicates excluded)
 */
export async function insertAccessRecords(
  db: Database,
  tx: TransactionSql,
  rows: readonly AccessRecordRow[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const query = db
    .insert(accessRecords)
    .values([...rows])
    .onConflictDoNothing({ target: accessRecords.messageId })
    .returning({ id: accessRecords.id })
    .toSQL();
  const inserted = await tx.unsafe(query.sql, query.params as never[]);
  return inserted.length;
}
