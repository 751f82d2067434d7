import type { JetStreamClient } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/nats-core';
import { HEADERS } from '@repowiki/contracts';

/** A parked row as the releaser reads it. */
export interface ParkedRow {
  id: number;
  subject: string;
  taskId: string;
  userId: string | null;
  headers: Buffer;
  body: Buffer;
  /** Throttled rows: since when the delivery waits, carried along to keep its place. */
  queuedSince?: Date;
}

/**
 * On a released throttled delivery: when it first queued for its user's slot. If it is
 * throttled again (another delivery took the slot first), it is parked with this time and
 * keeps its place in the user's FIFO instead of going to the back.
 */
export const QUEUED_SINCE_HEADER = 'Task-Queued-Since';

/** Deterministic per row: a releaser that dies after publishing and before deleting the row
 * republishes it under the same id, and JetStream's duplicate window drops the copy. */
export const releaseMsgId = (row: ParkedRow) => `${row.taskId}:timer:${row.id}`;

/**
 * Publishes rows back to their stream, all at once, and returns the ids whose PubAck came
 * back. MUST be awaited before the rows are deleted: a row whose publish failed stays parked
 * and is released by a later round.
 */
export async function republish(js: JetStreamClient, rows: readonly ParkedRow[]): Promise<number[]> {
  const results = await Promise.allSettled(
    // async: a row that cannot even be read fails alone, never the whole round.
    rows.map(async (row) => {
      const h = natsHeaders();
      for (const [name, value] of storedHeaders(row)) h.append(name, value);
      if (row.queuedSince) h.set(QUEUED_SINCE_HEADER, row.queuedSince.toISOString());
      return js.publish(row.subject, row.body, { msgID: releaseMsgId(row), headers: h });
    }),
  );
  return rows.filter((_, i) => results[i]?.status === 'fulfilled').map((r) => r.id);
}

/**
 * The row's headers; if they cannot be read (a damaged row), just its task id: the message
 * still goes back and takes the normal path (run, or dead-lettered as bad input) instead of
 * waiting forever.
 */
function storedHeaders(row: ParkedRow): [string, string][] {
  try {
    const parsed: unknown = JSON.parse(row.headers.toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.every((p) => Array.isArray(p) && typeof p[0] === 'string' && typeof p[1] === 'string')
    ) {
      return parsed as [string, string][];
    }
  } catch {
    /* fall through */
  }
  return [[HEADERS.taskId, row.taskId]];
}
