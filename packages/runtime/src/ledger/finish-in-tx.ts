import type { TransactionSql } from 'postgres';
import type { FinishRow } from './ledger.js';
import { storableJson, storableText, storableValue } from './storable.js';

/** The attempt no longer owns its ledger row: `ctx.complete`'s transaction must roll back. */
export class StaleAttemptError extends Error {
  constructor(id: string, attempt: number) {
    super(
      `attempt ${attempt} of task ${id} is stale (taken over, revoked or final): its effects were rolled back`,
    );
    this.name = 'StaleAttemptError';
  }
}

/**
 * Writes an attempt's final row inside the caller's transaction, fenced like
 * `Ledger.finishMany` (same attempt, still running, claimed by this worker), so the
 * handler's effects and SUCCESS commit together or not at all. Throws StaleAttemptError
 * when the fence matches no row, which rolls the whole transaction back.
 */
export async function finishInTransaction(tx: TransactionSql, row: FinishRow): Promise<void> {
  const id = storableText(row.id);
  const out = await tx<{ id: string }[]>`
    update task_runs t set
      state = ${row.state}::task_state,
      result = ${storableJson(row.result)}::text::jsonb,
      error = ${row.error ? JSON.stringify(storableValue(row.error)) : null}::text::jsonb,
      finished_at = now(),
      updated_at = now()
    where t.id = ${id} and t.attempts = ${row.attempt} and t.state in ('STARTED','PROGRESS')
      and t.worker_id = ${row.workerId}
    returning t.id`;
  if (out.length !== 1) throw new StaleAttemptError(row.id, row.attempt);
}

/**
 * `finishInTransaction` for the items of one batch call, in one statement: SUCCESS with no
 * result for every (id, attempt), each fenced the same way. Throws StaleAttemptError (which
 * rolls the call's effects back) unless every item is still this worker's.
 */
export async function finishBatchInTransaction(
  tx: TransactionSql,
  workerId: string,
  items: readonly { id: string; attempt: number }[],
): Promise<void> {
  if (items.length === 0) return;
  const v = items.map((i) => ({ id: storableText(i.id), attempt: i.attempt }));
  const out = await tx<{ id: string }[]>`
    update task_runs t set
      state = 'SUCCESS'::task_state,
      result = 'null'::jsonb,
      error = null,
      finished_at = now(),
      updated_at = now()
    from json_to_recordset(${JSON.stringify(v)}::text::json) as v(id text, attempt int)
    where t.id = v.id and t.attempts = v.attempt and t.state in ('STARTED','PROGRESS')
      and t.worker_id = ${workerId}
    returning t.id`;
  if (out.length !== items.length) {
    const ok = new Set(out.map((r) => r.id));
    const stale = v.find((i) => !ok.has(i.id)) ?? v[0];
    throw new StaleAttemptError(stale?.id ?? '?', stale?.attempt ?? 0);
  }
}
