import type { DbClient } from '@repowiki/db';

type Sql = DbClient['sql'];

/**
 * Queries on `schedule_fires`. The primary key `(entry, slot)` is the whole exactly-once
 * mechanism: every replica tries the same INSERT, PostgreSQL lets exactly one win.
 */

/**
 * Timestamps travel as ISO-8601 text: postgres.js serialises a Date only when it comes
 * from its own realm, which is not the case under a test runner's module sandbox.
 */
const iso = (ms: number) => new Date(ms).toISOString();
/** Reads a timestamp column whether the driver parsed it into a Date or left it as text. */
export const toMs = (v: Date | string) => new Date(v).getTime();

export type FireKind = 'on-time' | 'catch-up';

export interface FireClaim {
  entry: string;
  slot: number;
  taskId: string;
  subject: string;
  firedBy: string;
  kind: FireKind;
}

/** true when this replica won the slot and MUST publish it. */
export async function claimFire(sql: Sql, c: FireClaim): Promise<boolean> {
  const rows = await sql`
    insert into schedule_fires (entry, slot, task_id, subject, fired_by, kind)
    values (${c.entry}, ${iso(c.slot)}, ${c.taskId}, ${c.subject}, ${c.firedBy}, ${c.kind})
    on conflict (entry, slot) do nothing
    returning entry`;
  return rows.length === 1;
}

export async function markPublished(sql: Sql, entry: string, slot: number): Promise<void> {
  await sql`update schedule_fires set published_at = now() where entry = ${entry} and slot = ${iso(slot)}`;
}

/** The newest fired slot of each entry that has fired before. */
export async function lastFiredSlots(sql: Sql, entries: readonly string[]): Promise<Map<string, number>> {
  const rows = await sql<{ entry: string; slot: Date | string }[]>`
    select entry, max(slot) as slot from schedule_fires where entry = any(${entries as string[]}) group by entry`;
  return new Map(rows.map((r) => [r.entry, toMs(r.slot)]));
}

export interface UnpublishedFire {
  entry: string;
  slot: number;
  taskId: string;
  subject: string;
}

/**
 * Hands fires claimed more than `staleMs` ago and never marked published (the claiming
 * replica crashed, or NATS was down) to `republish`, each row locked so that two
 * replicas never re-publish the same fire at once. The deterministic task id makes a
 * re-publish of a fire that did go out harmless.
 */
export async function republishStale(
  sql: Sql,
  entries: readonly string[],
  staleMs: number,
  limit: number,
  republish: (fire: UnpublishedFire) => Promise<void>,
): Promise<number> {
  return sql.begin(async (tx) => {
    const rows = await tx<{ entry: string; slot: Date | string; taskId: string; subject: string }[]>`
      select entry, slot, task_id as "taskId", subject from schedule_fires
      where published_at is null and entry = any(${entries as string[]}) and fired_at < now() - ${staleMs} * interval '1 millisecond'
      order by slot limit ${limit} for update skip locked`;
    for (const r of rows) {
      await republish({ entry: r.entry, slot: toMs(r.slot), taskId: r.taskId, subject: r.subject });
      await tx`update schedule_fires set published_at = now() where entry = ${r.entry} and slot = ${iso(toMs(r.slot))}`;
    }
    return rows.length;
  });
}
