import type { DbClient } from '@repowiki/db';
import { textArray } from '@repowiki/db';

/** The tasks scheduled per warehouse; `task_runs_warehouse_idx` covers exactly these names. */
export type InFlightSubject = 'tasks.warehouse.process' | 'tasks.warehouse.update';
const SUBJECTS: readonly InFlightSubject[] = ['tasks.warehouse.process', 'tasks.warehouse.update'];

/**
 * Warehouses that already have a task of `subject` in flight according to the ledger
 * (`task_runs` not in a final state): scheduling MUST skip them, or a slow clone would
 * be started twice.
 *
 * Runs every 5 minutes against a ledger that keeps days of history: it reads only the
 * candidates' own runs through `task_runs_warehouse_idx (name, payload->>'warehouseId')`,
 * never the subject's whole history. The name is inlined (one of two constants) because
 * the index is partial on it and a generic prepared plan could not prove the predicate.
 */
export async function warehousesInFlight(
  db: DbClient,
  subject: InFlightSubject,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  if (!SUBJECTS.includes(subject)) throw new Error(`no in-flight index for ${subject}`);
  const rows = await db.sql<{ id: string }[]>`
    select distinct payload->>'warehouseId' as id from task_runs
    where name = ${db.sql.unsafe(`'${subject}'`)}
      and payload->>'warehouseId' = any(${textArray(ids)}::text::text[])
      and state in ('PENDING', 'STARTED', 'PROGRESS', 'RETRY')`;
  return new Set(rows.map((r) => r.id));
}
