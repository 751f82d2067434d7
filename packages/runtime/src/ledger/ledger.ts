import type { TaskError, TaskProgress, TaskState } from '@repowiki/contracts';
import type { Sql, TransactionSql } from 'postgres';
import { BatchWriter } from './batch-writer.js';
import { storableJson, storableText, storableValue } from './storable.js';

/**
 * The `task_runs` ledger. State machine:
 *
 *   PENDING ─start→ STARTED ─progress→ PROGRESS
 *      │               │ ├─ok──────→ SUCCESS
 *      │               │ ├─fail────→ RETRY ─start→ STARTED …
 *      │               │ └─fail────→ FAILURE   (non-retriable, exhausted, bad input, hard limit)
 *      └─revoke──────→ REVOKED ←─revoke─┘
 *
 * Final states (SUCCESS, FAILURE, REVOKED) never change again: a redelivered message whose
 * row is final is acked without running, and a completion only lands if its attempt is
 * still the row's current attempt (a stale worker cannot overwrite a newer one).
 */

export interface PendingRow {
  id: string;
  name: string;
  queue: string;
  payload: string | null;
  userId: string | null;
  correlationId: string | null;
  parentId: string | null;
  notBefore: Date | null;
}

export interface StartRow extends Omit<PendingRow, 'notBefore'> {
  workerId: string;
  leaseMs: number;
}

export interface StartResult {
  /** False when the row was already final: ack without running. */
  started: boolean;
  attempts: number;
  /** A revoke arrived while the task was queued or running elsewhere. */
  revokeRequested: boolean;
}

export interface FinishRow {
  id: string;
  attempt: number;
  /** The worker settling it: with a running mark, only that worker may finish the attempt. */
  workerId: string;
  /** When the attempt began (recorded here when no running mark was written). */
  startedAt: Date;
  state: Extract<TaskState, 'SUCCESS' | 'FAILURE' | 'RETRY' | 'REVOKED'>;
  result: string | null;
  error: TaskError | null;
  /** RETRY only: when the next attempt may start. */
  retryAt: Date | null;
}

/** What a worker reads before running a delivery. */
export interface Peek {
  exists: boolean;
  state: TaskState | null;
  attempts: number;
  revokeRequested: boolean;
}

export interface MarkRow {
  id: string;
  /** `attempts` read by peek; the mark only lands if nobody started the task since. */
  seen: number;
  workerId: string;
  leaseMs: number;
  startedAt: Date;
}

export interface TaskRunRow {
  id: string;
  name: string;
  queue: string;
  state: TaskState;
  payload: unknown;
  result: unknown;
  error: TaskError | null;
  progress: TaskProgress | null;
  attempts: number;
  userId: string | null;
  correlationId: string | null;
  parentId: string | null;
  workerId: string | null;
  submittedAt: Date;
  notBefore: Date | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  updatedAt: Date;
}

const FINAL = `('SUCCESS','FAILURE','REVOKED')`;

/** The columns every new row gets from its submission, as the batched statements name them. */
function rowColumns(r: Omit<PendingRow, 'notBefore'>) {
  return {
    id: storableText(r.id),
    name: storableText(r.name),
    queue: storableText(r.queue),
    payload: storableJson(r.payload),
    user_id: storableText(r.userId),
    correlation_id: storableText(r.correlationId),
    parent_id: storableText(r.parentId),
  };
}

export class Ledger {
  private readonly pending: BatchWriter<PendingRow, boolean>;
  private readonly starts: BatchWriter<StartRow, StartResult>;
  private readonly finishes: BatchWriter<FinishRow, boolean>;
  private readonly peeks: BatchWriter<string, Peek>;
  private readonly marks: BatchWriter<MarkRow, boolean>;

  /**
   * @param sql durable pool: final states MUST be fsynced before their message is acked.
   * @param relaxedSql pool with `synchronous_commit=off` (committed and visible at once, flushed
   *   within ~200 ms) for PENDING rows, running marks, progress and leases. A database crash
   *   can lose only those: the JetStream message still carries the task, and its delivery
   *   recreates the row (peek finds none → upsert), so nothing a user submitted is lost.
   */
  constructor(
    private readonly sql: Sql,
    private readonly relaxedSql: Sql = sql,
  ) {
    this.pending = new BatchWriter((rows) => this.insertPending(rows));
    this.starts = new BatchWriter((rows) => this.startMany(rows));
    this.finishes = new BatchWriter((rows) => this.finishMany(rows));
    this.peeks = new BatchWriter((ids) => this.peekMany(ids));
    this.marks = new BatchWriter((rows) => this.markMany(rows), 1_000, 1);
  }

  /**
   * Reads a row before running a delivery: a final row means "ack, never run again". A read
   * (no WAL, no fsync) instead of a write keeps a fast task at two ledger writes in all:
   * PENDING at submit and its final state.
   */
  peek(id: string): Promise<Peek> {
    return this.peeks.write(id);
  }

  /**
   * Marks a running attempt (STARTED, attempts + 1). Written only for attempts that run
   * longer than a moment, report progress or must hold a per-user slot — like Celery's
   * `task_track_started`, without a write per fast task. Resolves false when another
   * worker started the task since the peek.
   */
  markStarted(row: MarkRow): Promise<boolean> {
    return this.marks.write(row);
  }

  private async peekMany(ids: string[]): Promise<Peek[]> {
    const rows = await this.sql<{ id: string; state: TaskState; attempts: number; revoke: boolean }[]>`
      select id, state, attempts, (revoke_requested_at is not null) as revoke from task_runs
      where id in (select json_array_elements_text(${JSON.stringify(ids.map(storableText))}::text::json))`;
    const byId = new Map(rows.filter(Boolean).map((r) => [r.id, r]));
    return ids.map((id) => {
      const r = byId.get(storableText(id));
      return r
        ? { exists: true, state: r.state, attempts: r.attempts, revokeRequested: r.revoke }
        : { exists: false, state: null, attempts: 0, revokeRequested: false };
    });
  }

  private async markMany(rows: MarkRow[]): Promise<boolean[]> {
    const out = await this.relaxedSql<{ id: string }[]>`
      update task_runs t set state = 'STARTED', attempts = v.seen + 1, worker_id = v.worker_id,
        started_at = v.started_at, lease_until = now() + make_interval(secs => v.lease_ms / 1000.0), updated_at = now()
      from json_to_recordset(${JSON.stringify(
        rows.map((r) => ({
          id: storableText(r.id),
          seen: r.seen,
          worker_id: r.workerId,
          lease_ms: r.leaseMs,
          started_at: r.startedAt,
        })),
      )}::text::json) as v(id text, seen int, worker_id text, lease_ms int, started_at timestamptz)
      where t.id = v.id and t.attempts = v.seen and t.state not in ${this.relaxedSql.unsafe(FINAL)}
      returning t.id`;
    const ok = new Set(out.filter(Boolean).map((r) => r.id));
    return rows.map((r) => ok.has(storableText(r.id)));
  }

  /**
   * Records a submitted task as PENDING (no-op if the id exists). Group-committed.
   * Resolves true when this call created the row.
   */
  recordPending(row: PendingRow): Promise<boolean> {
    return this.pending.write(row);
  }

  /**
   * Starts an attempt: upserts the row (messages published without the TaskClient have
   * none yet), bumps `attempts` unless the row is final. Group-committed.
   */
  start(row: StartRow): Promise<StartResult> {
    return this.starts.write(row);
  }

  /** Ends an attempt. Resolves false when the attempt was stale (nothing written). */
  finish(row: FinishRow): Promise<boolean> {
    return this.finishes.write(row);
  }

  private async insertPending(rows: PendingRow[]): Promise<boolean[]> {
    const v = rows.map((r) => ({ ...rowColumns(r), not_before: r.notBefore }));
    const inserted = await this.relaxedSql<{ id: string }[]>`
      insert into task_runs (id, name, queue, state, payload, user_id, correlation_id, parent_id, not_before)
      select v.id, v.name, v.queue, 'PENDING', v.payload::jsonb, v.user_id, v.correlation_id, v.parent_id, v.not_before
      from json_to_recordset(${JSON.stringify(v)}::text::json) as v(id text, name text, queue text, payload text,
        user_id text, correlation_id text, parent_id text, not_before timestamptz)
      on conflict (id) do nothing
      returning id`;
    // The same id twice in one batch: only its first submission created the row.
    const created = new Set(inserted.filter(Boolean).map((r) => r.id));
    return rows.map((r) => created.delete(storableText(r.id)));
  }

  private async startMany(rows: StartRow[]): Promise<StartResult[]> {
    // A batch may hold the same id twice (a redelivery racing its first delivery): the
    // upsert cannot touch a row twice, so duplicates go in a later statement of this same
    // flush. MUST NOT go back through `this.start()`: a flush waiting on the writer it
    // occupies deadlocks once every flush slot does so.
    const results: StartResult[] = new Array(rows.length);
    let todo = rows.map((r, i) => ({ r, i }));
    while (todo.length > 0) {
      const seen = new Set<string>();
      const round: typeof todo = [];
      const rest: typeof todo = [];
      for (const t of todo) {
        const key = storableText(t.r.id);
        if (seen.has(key)) rest.push(t);
        else {
          seen.add(key);
          round.push(t);
        }
      }
      const byId = await upsertRunning(
        this.relaxedSql,
        round.map((t) => t.r),
      );
      for (const { r, i } of round) {
        const hit = byId.get(storableText(r.id));
        results[i] = hit
          ? { started: true, attempts: hit.attempts, revokeRequested: hit.revoke }
          : { started: false, attempts: 0, revokeRequested: false };
      }
      todo = rest;
    }
    return results;
  }

  private async finishMany(rows: FinishRow[]): Promise<boolean[]> {
    const s = this.sql;
    // The attempt is still ours if either we marked it running (attempts = n, our worker
    // id) or nobody started another attempt since our peek (attempts = n - 1, not final;
    // a running mark left by a crashed worker is taken over).
    const out = await s<{ id: string; attempts: number }[]>`
      update task_runs t set
        state = v.state::task_state,
        attempts = v.attempt,
        worker_id = v.worker_id,
        started_at = case when t.attempts = v.attempt - 1 then v.started_at else t.started_at end,
        result = v.result::jsonb,
        error = v.error::jsonb,
        finished_at = case when v.state = 'RETRY' then null else now() end,
        not_before = case when v.state = 'RETRY' then v.retry_at else t.not_before end,
        lease_until = null,
        updated_at = now()
      from json_to_recordset(${JSON.stringify(
        rows.map((r) => ({
          id: storableText(r.id),
          attempt: r.attempt,
          worker_id: r.workerId,
          started_at: r.startedAt,
          state: r.state,
          result: storableJson(r.result),
          error: r.error ? JSON.stringify(storableValue(r.error)) : null,
          retry_at: r.retryAt,
        })),
      )}::text::json) as v(id text, attempt int, worker_id text, started_at timestamptz, state text, result text,
        error text, retry_at timestamptz)
      where t.id = v.id
        and ((t.attempts = v.attempt and t.state in ('STARTED','PROGRESS') and t.worker_id = v.worker_id)
          or (t.attempts = v.attempt - 1 and t.state not in ${s.unsafe(FINAL)}))
      returning t.id, t.attempts`;
    const done = new Set(out.filter(Boolean).map((r) => `${r.id}\u0000${r.attempts}`));
    return rows.map((r) => done.has(`${storableText(r.id)}\u0000${r.attempt}`));
  }

  /** Fails a task that never started (bad input): creates the row if needed. */
  async failUnstarted(row: Omit<PendingRow, 'notBefore'>, error: TaskError): Promise<void> {
    const c = rowColumns(row);
    await this.sql`
      insert into task_runs as t (id, name, queue, state, payload, user_id, correlation_id, parent_id, error, finished_at)
      values (${c.id}, ${c.name}, ${c.queue}, 'FAILURE', ${c.payload}::text::jsonb, ${c.user_id},
              ${c.correlation_id}, ${c.parent_id}, ${JSON.stringify(storableValue(error))}::text::jsonb, now())
      on conflict (id) do update set state = 'FAILURE', error = excluded.error, finished_at = now(), updated_at = now()
      where t.state not in ${this.sql.unsafe(FINAL)}`;
  }

  /** Progress of the current attempt; ignored once the attempt is stale or final. */
  async recordProgress(id: string, attempt: number, progress: TaskProgress): Promise<void> {
    await this.relaxedSql`
      update task_runs set state = 'PROGRESS', progress = ${JSON.stringify(storableValue(progress))}::text::jsonb,
        updated_at = now()
      where id = ${storableText(id)} and attempts = ${attempt} and state in ('STARTED','PROGRESS')`;
  }

  /** Extends the running attempt's lease (per-user slot) while it is alive. */
  async renewLeases(ids: { id: string; attempt: number }[], leaseMs: number): Promise<void> {
    if (ids.length === 0) return;
    const s = this.relaxedSql;
    await s`
      update task_runs t set lease_until = now() + make_interval(secs => ${leaseMs} / 1000.0)
      from json_to_recordset(${JSON.stringify(ids)}::text::json) as v(id text, attempt int)
      where t.id = v.id and t.attempts = v.attempt and t.state in ('STARTED','PROGRESS')`;
  }

  async get(id: string): Promise<TaskRunRow | undefined> {
    const [row] = await this.sql<TaskRunRow[]>`
      select id, name, queue, state, payload, result, error, progress, attempts,
             user_id as "userId", correlation_id as "correlationId", parent_id as "parentId",
             worker_id as "workerId", submitted_at as "submittedAt", not_before as "notBefore",
             started_at as "startedAt", finished_at as "finishedAt", updated_at as "updatedAt"
      from task_runs where id = ${storableText(id)}`;
    return row;
  }

  /**
   * Revoke: a queued task becomes REVOKED at once (its message is acked unrun when it
   * arrives); a running one is flagged and its worker aborts it.
   */
  async requestRevoke(id: string): Promise<TaskState | undefined> {
    const [row] = await this.sql<{ state: TaskState }[]>`
      update task_runs set
        revoke_requested_at = coalesce(revoke_requested_at, now()),
        state = case when state in ('PENDING','RETRY') then 'REVOKED'::task_state else state end,
        finished_at = case when state in ('PENDING','RETRY') then now() else finished_at end,
        error = case when state in ('PENDING','RETRY')
                  then '{"name":"TaskRevokedError","message":"revoked before it started","code":"revoked"}'::jsonb
                  else error end,
        updated_at = now()
      where id = ${storableText(id)}
      returning state`;
    return row?.state;
  }
}

/**
 * Upserts running rows (STARTED, attempts + 1) unless final; rows published without the
 * TaskClient have none yet. Ids must be distinct. Returns the rows it touched, by id.
 * `sql` may be a transaction (the per-user start counts slots in the same one).
 */
export async function upsertRunning(
  sql: Sql | TransactionSql,
  rows: StartRow[],
): Promise<Map<string, { attempts: number; revoke: boolean }>> {
  const out = await sql<{ id: string; attempts: number; revoke: boolean }[]>`
    insert into task_runs as t (id, name, queue, state, payload, user_id, correlation_id, parent_id,
                                attempts, worker_id, started_at, lease_until, updated_at)
    select v.id, v.name, v.queue, 'STARTED', v.payload::jsonb, v.user_id, v.correlation_id, v.parent_id,
           1, v.worker_id, now(), now() + make_interval(secs => v.lease_ms / 1000.0), now()
    from json_to_recordset(${JSON.stringify(
      rows.map((r) => ({ ...rowColumns(r), worker_id: r.workerId, lease_ms: r.leaseMs })),
    )}::text::json) as v(id text, name text, queue text, payload text, user_id text, correlation_id text,
      parent_id text, worker_id text, lease_ms int)
    on conflict (id) do update set
      state = 'STARTED', attempts = t.attempts + 1, worker_id = excluded.worker_id,
      started_at = now(), finished_at = null, lease_until = excluded.lease_until, updated_at = now()
    where t.state not in ${sql.unsafe(FINAL)}
    returning t.id, t.attempts, (t.revoke_requested_at is not null) as revoke`;
  return new Map(out.filter(Boolean).map((r) => [r.id, { attempts: r.attempts, revoke: r.revoke }]));
}
