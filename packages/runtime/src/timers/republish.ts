import type { JetStreamClient } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/nats-core';

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
      for (const [name, value] of JSON.parse(row.headers.toString('utf8')) as [string, string][]) {
        h.append(name, value);
      }
      if (row.queuedSince) h.set(QUEUED_SINCE_HEADER, row.queuedSince.toISOString());
      return js.publish(row.subject, row.body, { msgID: releaseMsgId(row), headers: h });
    }),
  );
  return rows.filter((_, i) => results[i]?.status === 'fulfilled').map((r) => r.id);
}
