import { intArray, textArray } from '@repowiki/db/pg-array';
import type { Sql, TransactionSql } from 'postgres';
import { storableJson, storableText } from './storable.js';

/** A delivery asking to run its task. */
export interface ClaimRow {
  id: string;
  name: string;
  queue: string;
  /** The payload as JSON text; null when the task keeps none in the ledger (`storePayload: false`). */
  payload: string | null;
  /**
   * False: the row keeps no payload once claimed, also the one a TaskClient stored with its
   * PENDING row (the pending sweep needed it until now). @default true
   */
  storePayload?: boolean;
  userId: string | null;
  correlationId: string | null;
  parentId: string | null;
  workerId: string;
  leaseMs: number;
  /** JetStream stream sequence of the delivery (the message, not the delivery attempt). */
  seq: number;
  /** maxRetries + 1: a claim past this means every attempt so far died with its worker. */
  maxAttempts: number;
  /**
   * False: its row most likely does not exist yet (a message from a producer that writes no
   * PENDING row, e.g. page views), so the queued-row update is not tried first. @default true
   */
  expectQueued?: boolean;
}

/**
 * What the ledger says about a delivery:
 * - `run`: claimed (attempts + 1, STARTED, this worker, lease): run it as `attempt`;
 * - `final`: SUCCESS/FAILURE/REVOKED already: ack, never run again;
 * - `busy`: another message with this task id runs it under a live lease (a re-publish
 *   after the duplicate window): ack this one;
 * - `held`: THIS message, redelivered, while another worker (`holder`) runs it under a live
 *   lease: that worker's heartbeats lapsed (it is stalled) or it died; ask it before running;
 * - `revoke`: revoke requested while it was queued or its worker died: taken over (no
 *   attempt counted), to be written REVOKED;
 * - `exhausted`: its last allowed attempt died with its worker: taken over (no attempt
 *   counted), to be written FAILURE `worker_crashed`.
 */
export type ClaimVerdict = 'run' | 'final' | 'busy' | 'held' | 'revoke' | 'exhausted';

export interface Claim {
  verdict: ClaimVerdict;
  /** The attempt this delivery now owns (run, revoke, exhausted). */
  attempt: number;
  /** `held`: the worker whose live lease holds the task. */
  holder?: string;
}

/** SQLSTATE deadlock_detected. */
const DEADLOCK = '40P01';

/** Claims at most this many rounds for one batch (duplicate ids, lost insert races). */
const MAX_ROUNDS = 8;

/**
 * Claims a batch of deliveries in one statement per round. Atomic per row: the row is read
 * `for update` and judged in the same statement that writes it, so two deliveries of one
 * task id can never both get `run` (defect 9), and attempts are counted here, at claim time,
 * so a task that kills its worker every time ends after maxRetries + 1 (defect 11).
 *
 * Ids must appear once per statement (a row cannot be written twice by one statement):
 * duplicates go to the next round of the same call. A lost race to insert a row that did
 * not exist is retried the same way. `sql` may be a transaction (per-user slots).
 */
export async function claimMany(sql: Sql | TransactionSql, rows: ClaimRow[]): Promise<Claim[]> {
  const out: Claim[] = new Array(rows.length);
  let todo = rows.map((r, i) => ({ r, i, key: storableText(r.id) }));
  for (let round = 0; todo.length > 0; round++) {
    if (round >= MAX_ROUNDS) throw new Error(`claim of ${todo.length} row(s) did not settle`);
    const seen = new Set<string>();
    const now: typeof todo = [];
    const later: typeof todo = [];
    for (const t of todo) {
      if (seen.has(t.key)) later.push(t);
      else {
        seen.add(t.key);
        now.push(t);
      }
    }
    // The common case first: a submitted row, queued (PENDING/RETRY), not revoked, with
    // attempts left, is claimed by a plain batched update. Every other delivery (no row yet,
    // running, final, revoked, exhausted, or a row this update found changed) is judged by
    // the full statement below, in the same round.
    const queued = now.filter((t) => t.r.expectQueued !== false);
    const fast = queued.length > 0 ? await claimQueued(sql, queued) : new Map<string, number>();
    const rest = fast.size === 0 ? now : now.filter((t) => !fast.has(t.key));
    for (const t of now) {
      const attempts = fast.get(t.key);
      if (attempts !== undefined) out[t.i] = { verdict: 'run', attempt: attempts };
    }
    if (rest.length > 0) {
      const result = await claimStatement(
        sql,
        rest.map((t) => t.r),
      );
      const byId = new Map(result.filter(Boolean).map((c) => [c.id, c]));
      for (const t of rest) {
        const c = byId.get(t.key);
        if (!c || c.lost) later.push(t);
        else if (c.verdict === 'held')
          out[t.i] = { verdict: 'held', attempt: c.attempts, holder: c.holder ?? '' };
        else out[t.i] = { verdict: c.verdict, attempt: c.attempts };
      }
    }
    todo = later;
  }
  return out;
}

/**
 * Claims the deliveries whose row is queued (PENDING or RETRY), not revoked and has attempts
 * left: the same write as the full statement's `run` verdict for an existing row (attempts + 1,
 * STARTED, worker, lease, stream sequence; no payload kept for `storePayload: false`).
 * Parameters are typed arrays (`unnest`), no JSON on either side. Returns the claimed ids
 * with their attempt number.
 */
async function claimQueued(
  sql: Sql | TransactionSql,
  todo: { r: ClaimRow; key: string }[],
): Promise<Map<string, number>> {
  const n = todo.length;
  const ids: string[] = new Array(n);
  const keep: number[] = new Array(n);
  const workers: string[] = new Array(n);
  const leases: number[] = new Array(n);
  const seqs: number[] = new Array(n);
  const max: number[] = new Array(n);
  const sorted = n > 1 ? [...todo].sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0)) : todo;
  for (let i = 0; i < n; i++) {
    const { r, key } = sorted[i]!;
    ids[i] = key;
    keep[i] = r.storePayload === false ? 0 : 1;
    workers[i] = r.workerId;
    leases[i] = r.leaseMs;
    seqs[i] = r.seq;
    max[i] = r.maxAttempts;
  }
  // No `for update` subquery: each row is locked as the update reaches it, and re-checked
  // then (a row another statement claimed meanwhile no longer matches and is left to the
  // full statement). Input in id order makes the usual plan lock in id order too; should two
  // overlapping batches still deadlock, the one PostgreSQL aborts claims nothing here and
  // the full statement (which locks in id order) judges all of its rows.
  let rows: { id: string; attempts: number }[];
  try {
    rows = await sql<{ id: string; attempts: number }[]>`
      update task_runs t set
        state = 'STARTED',
        payload = case when v.keep_payload = 1 then t.payload end,
        attempts = t.attempts + 1,
        worker_id = v.worker_id,
        claim_seq = v.seq,
        started_at = now(),
        finished_at = null,
        lease_until = now() + make_interval(secs => v.lease_ms / 1000.0),
        updated_at = now()
      from unnest(${textArray(ids)}::text::text[], ${intArray(keep)}::text::int4[],
          ${textArray(workers)}::text::text[], ${intArray(leases)}::text::int4[], ${intArray(seqs)}::text::int8[],
          ${intArray(max)}::text::int4[]) as v(id, keep_payload, worker_id, lease_ms, seq, max_attempts)
      where t.id = v.id and t.state in ('PENDING','RETRY') and t.revoke_requested_at is null
        and t.attempts < v.max_attempts
      returning t.id, t.attempts`;
  } catch (e: unknown) {
    // Inside a transaction (per-user slots) the error has aborted it: let it propagate.
    if ((e as { code?: string }).code !== DEADLOCK || 'savepoint' in sql) throw e;
    return new Map();
  }
  const out = new Map<string, number>();
  for (const row of rows) if (row) out.set(row.id, row.attempts);
  return out;
}

interface ClaimOut {
  id: string;
  verdict: ClaimVerdict;
  attempts: number;
  lost: boolean;
  holder: string | null;
}

function claimStatement(sql: Sql | TransactionSql, rows: ClaimRow[]) {
  const json = JSON.stringify(
    rows.map((r) => ({
      id: storableText(r.id),
      name: storableText(r.name),
      queue: storableText(r.queue),
      payload: r.storePayload === false ? null : storableJson(r.payload),
      keep_payload: r.storePayload !== false,
      user_id: storableText(r.userId),
      correlation_id: storableText(r.correlationId),
      parent_id: storableText(r.parentId),
      worker_id: r.workerId,
      lease_ms: r.leaseMs,
      seq: r.seq,
      max_attempts: r.maxAttempts,
    })),
  );
  // `cur` locks existing rows (in id order: concurrent batches never deadlock each other);
  // `w` judges each delivery; `up` and `ins` write the claims. A row some concurrent
  // statement inserted first comes back `lost` and is judged again next round.
  return sql<ClaimOut[]>`
    with v as (
      select * from json_to_recordset(${json}::text::json) as v(id text, name text, queue text, payload text,
        keep_payload boolean, user_id text, correlation_id text, parent_id text, worker_id text, lease_ms int, seq bigint,
        max_attempts int)
    ),
    cur as (
      select t.id, t.state, t.attempts, t.claim_seq, t.worker_id, coalesce(t.lease_until > now(), false) as live,
             t.revoke_requested_at is not null as revoke
      from task_runs t where t.id in (select id from v) order by t.id for update
    ),
    w as (
      select v.*, c.id is not null as existing, coalesce(c.attempts, 0) as attempts, c.worker_id as holder,
        c.state in ('STARTED','PROGRESS') as takeover,
        case
          when c.id is null then 'run'
          when c.state in ('SUCCESS','FAILURE','REVOKED') then 'final'
          when c.state in ('STARTED','PROGRESS') and c.live and c.claim_seq is distinct from v.seq then 'busy'
          when c.state in ('STARTED','PROGRESS') and c.live and c.worker_id is distinct from v.worker_id then 'held'
          when c.revoke then 'revoke'
          when c.attempts >= v.max_attempts then 'exhausted'
          else 'run'
        end as verdict
      from v left join cur c on c.id = v.id
    ),
    up as (
      update task_runs t set
        state = 'STARTED',
        payload = case when w.keep_payload then t.payload end,
        attempts = t.attempts + (w.verdict = 'run')::int,
        worker_id = w.worker_id,
        claim_seq = w.seq,
        -- A new attempt over a running one: its worker died. The lost attempt joins the log.
        attempt_log = case when w.verdict = 'run' and w.takeover
          then coalesce(t.attempt_log, '[]'::jsonb) || jsonb_build_array(jsonb_build_object(
            'attempt', t.attempts, 'workerId', t.worker_id, 'startedAt', t.started_at,
            'finishedAt', null, 'state', 'LOST', 'error', null))
          else t.attempt_log end,
        started_at = case when w.verdict = 'run' then now() else t.started_at end,
        finished_at = null,
        lease_until = now() + make_interval(secs => w.lease_ms / 1000.0),
        updated_at = now()
      from w
      where t.id = w.id and w.existing and w.verdict in ('run','revoke','exhausted')
      returning t.id, t.attempts
    ),
    ins as (
      insert into task_runs (id, name, queue, state, payload, user_id, correlation_id, parent_id, attempts,
                             worker_id, claim_seq, started_at, lease_until, updated_at)
      select w.id, w.name, w.queue, 'STARTED', w.payload::jsonb, w.user_id, w.correlation_id, w.parent_id, 1,
             w.worker_id, w.seq, now(), now() + make_interval(secs => w.lease_ms / 1000.0), now()
      from w where not w.existing
      on conflict (id) do nothing
      returning id, attempts
    )
    select w.id, w.verdict, coalesce(up.attempts, ins.attempts, w.attempts) as attempts,
           case when w.verdict = 'held' then w.holder end as holder,
           (w.verdict in ('run','revoke','exhausted') and up.id is null and ins.id is null) as lost
    from w left join up on up.id = w.id left join ins on ins.id = w.id`;
}
