import type { JetStreamClient } from '@nats-io/jetstream';
import { intArray } from '@repowiki/db/pg-array';
import type { Sql } from 'postgres';
import { type ParkedRow, republish } from './republish.js';

/**
 * Releases due rows of one stream: locks up to `limit` of them (SKIP LOCKED, so replicas
 * share the work and never release one row twice at once), publishes them, then deletes
 * the published ones in the same transaction. `nowMs` is the releaser's clock, the same kind
 * of clock that set `due_at`. Returns how many rows were released.
 */
export async function releaseDue(
  sql: Sql,
  js: JetStreamClient,
  stream: string,
  nowMs: number,
  limit: number,
): Promise<number> {
  return sql.begin(async (tx) => {
    const rows = await tx<ParkedRow[]>`
      select id, subject, task_id as "taskId", user_id as "userId", headers, body
      from task_timers
      where stream = ${stream} and kind = 'due' and due_at <= ${new Date(nowMs)}
      order by due_at
      limit ${limit}
      for update skip locked`;
    if (rows.length === 0) return 0;
    const published = await republish(js, rows.map(asNumberId));
    if (published.length > 0)
      await tx`delete from task_timers where id = any(${intArray(published)}::text::bigint[])`;
    return published.length;
  }) as Promise<number>;
}

/** bigint ids come back as strings from postgres.js. */
export function asNumberId(row: ParkedRow): ParkedRow {
  return { ...row, id: Number(row.id) };
}
