import type { Sql } from 'postgres';
import type { ParkRow } from './park-row.js';

/**
 * Inserts parked deliveries in one statement (one durable commit for the batch). A
 * redelivery of a message that is already parked (its ack was lost) inserts nothing; a new
 * message that reuses a sequence number (its stream was re-created) is parked as itself.
 */
export async function insertParkRows(sql: Sql, rows: readonly ParkRow[]): Promise<void> {
  if (rows.length === 0) return;
  const values = rows.map((r) => ({
    stream: r.stream,
    source_seq: r.sourceSeq,
    subject: r.subject,
    task_id: r.taskId,
    user_id: r.userId,
    kind: r.kind,
    due_at: r.dueAt,
    headers: r.headers,
    body: r.body,
  }));
  await sql`
    insert into task_timers ${sql(values, 'stream', 'source_seq', 'subject', 'task_id', 'user_id', 'kind', 'due_at', 'headers', 'body')}
    on conflict (stream, source_seq, task_id) do nothing`;
}

/**
 * Group commit with isolation: the batch goes in one statement; if that fails, each row is
 * tried alone, so one unstorable row fails only its own delivery (issue 11, defect 3).
 */
export async function insertParkRowsIsolated(sql: Sql, rows: readonly ParkRow[]): Promise<(Error | null)[]> {
  try {
    await insertParkRows(sql, rows);
    return rows.map(() => null);
  } catch (e) {
    if (rows.length === 1) return [e instanceof Error ? e : new Error(String(e))];
    const out: (Error | null)[] = [];
    for (const r of rows) {
      try {
        await insertParkRows(sql, [r]);
        out.push(null);
      } catch (rowErr) {
        out.push(rowErr instanceof Error ? rowErr : new Error(String(rowErr)));
      }
    }
    return out;
  }
}
