import { accessRecords, type Database } from '@repowiki/db';

export type AccessRecordRow = typeof accessRecords.$inferInsert;

/**
 * One multi-row INSERT for a whole batch. `message_id` is unique, so a redelivered message
 * (same task id) is silently skipped: each message becomes exactly one row.
 * @returns rows actually inserted (duplicates excluded)
 */
export async function insertAccessRecords(db: Database, rows: readonly AccessRecordRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db
    .insert(accessRecords)
    .values([...rows])
    .onConflictDoNothing({ target: accessRecords.messageId })
    .returning({ id: accessRecords.id });
  return inserted.length;
}
