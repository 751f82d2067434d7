import type { DbClient } from '@repowiki/db';
import { textArray } from '@repowiki/db/pg-array';

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

export type FireKind = 'on-time' | 'catch-up' | 'manual';

export interface FireClaim {
  entry: string;
  slot: number;
  taskId: string;
  subject: string;
  firedBy: string;
  kind: FireKind;
}

/**
 * true when this replica won the slot and MUST publish it. A paused entry
 * (`schedule_pauses`) wins nothing, on any replica: the pause is read in the claim itself.
 * A manual fire (`tasks schedule trigger`) is the operator's explicit ask and ignores the pause.
 */
export async function claimFire(sql: Sql, c: FireClaim): Promise<boolean> {
  const rows = await sql`
    insert into schedule_fires (entry, slot, task_id, subject, fired_by, kind)
    select ${c.entry}, ${slotText(c)}::timestamptz, ${c.taskId}, ${c.subject}, ${c.firedBy}, ${c.kind}
    where ${c.kind === 'manual'} or not exists (select 1 from schedule_pauses where entry = ${c.entry})
    on conflict (entry, slot) do nothing
    returning entry`;
  return rows.length === 1;
}

/**
 * A slot as stored. Manual fires sit half a millisecond after their request time: every
 * scheduled slot is a whole millisecond, so a trigger never takes a scheduled slot's place.
 */
export function slotText(c: { slot: number; kind: FireKind }): string {
  return c.kind === 'manual' ? iso(c.slot).replace(/Z$/, '500Z') : iso(c.slot);
}

export async function markPublished(
  sql: Sql,
  entry: string,
  slot: number,
  kind: FireKind = 'on-time',
): Promise<void> {
  await sql`update schedule_fires set published_at = now()
    where entry = ${entry} and slot = ${slotText({ slot, kind })}::timestamptz`;
}

/** The newest scheduled slot of each entry that has fired before (manual fires are not slots). */
export async function lastFiredSlots(sql: Sql, entries: readonly string[]): Promise<Map<string, number>> {
  const rows = await sql<{ entry: string; slot: Date | string }[]>`
    select entry, max(slot) as slot from schedule_fires
    where entry = any(${textArray(entries)}::text::text[]) and kind <> 'manual' group by entry`;
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
    // `slot::text` keeps a manual fire's microseconds for the update below.
    const rows = await tx<
      { entry: string; slot: Date | string; slotText: string; taskId: string; subject: string }[]
    >`
      select entry, slot, slot::text as "slotText", task_id as "taskId", subject from schedule_fires
      where published_at is null and entry = any(${textArray(entries)}::text::text[]) and fired_at < now() - ${staleMs} * interval '1 millisecond'
      order by slot limit ${limit} for update skip locked`;
    for (const r of rows) {
      await republish({ entry: r.entry, slot: toMs(r.slot), taskId: r.taskId, subject: r.subject });
      await tx`update schedule_fires set published_at = now() where entry = ${r.entry} and slot = ${r.slotText}::timestamptz`;
    }
    return rows.length;
  });
}

/** Pauses an entry for every replica. Resolves false when it was paused already. */
export async function pauseEntry(sql: Sql, entry: string, by: string | null): Promise<boolean> {
  const rows = await sql`
    insert into schedule_pauses (entry, paused_by) values (${entry}, ${by})
    on conflict (entry) do nothing returning entry`;
  return rows.length === 1;
}

/** Resumes an entry. Resolves false when it was not paused. */
export async function resumeEntry(sql: Sql, entry: string): Promise<boolean> {
  const rows = await sql`delete from schedule_pauses where entry = ${entry} returning entry`;
  return rows.length === 1;
}

export interface EntryPause {
  pausedAt: Date;
  pausedBy: string | null;
}

export async function pausedEntries(sql: Sql): Promise<Map<string, EntryPause>> {
  const rows = await sql<{ entry: string; pausedAt: Date | string; pausedBy: string | null }[]>`
    select entry, paused_at as "pausedAt", paused_by as "pausedBy" from schedule_pauses`;
  return new Map(rows.map((r) => [r.entry, { pausedAt: new Date(r.pausedAt), pausedBy: r.pausedBy }]));
}
