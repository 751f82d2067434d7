import type { TaskError, TaskProgress, TaskState } from '@repowiki/contracts';
import { intArray, textArray } from '@repowiki/db/pg-array';
import type { Sql } from 'postgres';
import { BatchWriter } from './batch-writer.js';
import { type Claim, type ClaimRow, claimMany } from './claim.js';
import { storableJson, storableText, storableValue } from './storable.js';
import { type TaskStatus, taskStatusOf } from './task-status.js';

export type { TaskStatus } from './task-status.js';

/**
 * The `task_runs` ledger. State machine:
 *
 *   PENDING ─claim→ STARTED ─progress→ PROGRESS
 *      │               │ ├─ok──────→ SUCCESS
 *      │               │ ├─fail────→ RETRY ─claim→ STARTED …
 *      │               │ └─fail────→ FAILURE   (non-retriable, exhausted, bad input, hard limit,
 *      │               │                        worker_crashed: a claim past maxRetries + 1)
 *      └─revoke──────→ REVOKED ←─aborted after a revoke request─┘
 *
 * Every delivery claims its task before running it (`claim`, one atomic statement): the
 * claim counts the attempt, marks it running under a lease and records the delivery's
 * stream sequence, so a second message of the same task id is refused while it runs.
 * Final states (SUCCESS, FAILURE, REVOKED) never change again: a redelivered message whose
 * row is final is acked without running, and a completion only lands while its attempt is
 * still the row's claimed attempt (a stale worker cannot overwrite a newer one). A revoke
 * of a running attempt only flags it (`revoke_requested_at`); its worker aborts it.
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
  /** The run this one re-runs (`tasks retry`); unique in the ledger. */
  retryOf?: string | null;
  /** Not started by then: REVOKED (`expired`) instead of run. */
  expiresAt?: Date | null;
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
  private readonly claims: BatchWriter<ClaimRow, Claim>;
  private readonly finishes: BatchWriter<FinishRow, boolean>;

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
    this.claims = new BatchWriter((rows) => claimMany(this.relaxedSql, rows));
    this.finishes = new BatchWriter((rows) => this.finishMany(rows));
  }

  /**
   * Records a submitted task as PENDING (no-op if the id exists). Group-committed.
   * Resolves true when this call created the row.
   */
  recordPending(row: PendingRow): Promise<boolean> {
    return this.pending.write(row);
  }

  /**
   * Claims a delivery's task (see `claimMany`): the claim IS the running mark. Group-committed
   * on the relaxed pool: a claim lost in a database crash only undoes one attempt count and
   * one running mark; the delivery that made it is still un-acked and claims again, and the
   * final state (which is what an ack depends on) is always fsynced.
   */
  claim(row: ClaimRow): Promise<Claim> {
    return this.claims.write(row);
  }

  /** Ends an attempt. Resolves false when the attempt was stale (nothing written). */
  finish(row: FinishRow): Promise<boolean> {
    return this.finishes.write(row);
  }

  private async insertPending(rows: PendingRow[]): Promise<boolean[]> {
    const n = rows.length;
    const ids: string[] = new Array(n);
    const names: string[] = new Array(n);
    const queues: string[] = new Array(n);
    const payloads: (string | null)[] = new Array(n);
    const users: (string | null)[] = new Array(n);
    const correlations: (string | null)[] = new Array(n);
    const parents: (string | null)[] = new Array(n);
    const notBefore: (string | null)[] = new Array(n);
    const retryOf: (string | null)[] = new Array(n);
    const expires: (string | null)[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const r = rows[i]!;
      ids[i] = storableText(r.id);
      names[i] = storableText(r.name);
      queues[i] = storableText(r.queue);
      payloads[i] = storableJson(r.payload);
      users[i] = storableText(r.userId);
      correlations[i] = storableText(r.correlationId);
      parents[i] = storableText(r.parentId);
      notBefore[i] = r.notBefore ? r.notBefore.toISOString() : null;
      retryOf[i] = storableText(r.retryOf ?? null);
      expires[i] = r.expiresAt ? r.expiresAt.toISOString() : null;
    }
    // Typed arrays with unnest: no JSON document to build here and parse there.
    const inserted = await this.relaxedSql<{ id: string }[]>`
      insert into task_runs (id, name, queue, state, payload, user_id, correlation_id, parent_id, not_before,
                             retry_of, expires_at)
      select v.id, v.name, v.queue, 'PENDING', v.payload::jsonb, v.user_id, v.correlation_id, v.parent_id, v.not_before,
             v.retry_of, v.expires_at
      from unnest(${textArray(ids)}::text::text[], ${textArray(names)}::text::text[],
        ${textArray(queues)}::text::text[], ${textArray(payloads)}::text::text[], ${textArray(users)}::text::text[],
        ${textArray(correlations)}::text::text[], ${textArray(parents)}::text::text[],
        ${textArray(notBefore)}::text::timestamptz[], ${textArray(retryOf)}::text::text[],
        ${textArray(expires)}::text::timestamptz[])
        as v(id, name, queue, payload, user_id, correlation_id, parent_id, not_before, retry_of, expires_at)
      on conflict (id) do nothing
      returning id`;
    // The same id twice in one batch: only its first submission created the row.
    const created = new Set<string>();
    for (const r of inserted) if (r) created.add(r.id);
    return ids.map((id) => created.delete(id));
  }

  private async finishMany(rows: FinishRow[]): Promise<boolean[]> {
    const s = this.sql;
    const n = rows.length;
    const ids: string[] = new Array(n);
    const attempts: number[] = new Array(n);
    const workers: string[] = new Array(n);
    const started: string[] = new Array(n);
    const states: string[] = new Array(n);
    const results: (string | null)[] = new Array(n);
    const errors: (string | null)[] = new Array(n);
    const retryAt: (string | null)[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const r = rows[i]!;
      ids[i] = storableText(r.id);
      attempts[i] = r.attempt;
      workers[i] = r.workerId;
      started[i] = r.startedAt.toISOString();
      states[i] = r.state;
      results[i] = storableJson(r.result);
      errors[i] = r.error ? JSON.stringify(storableValue(r.error)) : null;
      retryAt[i] = r.retryAt ? r.retryAt.toISOString() : null;
    }
    // The attempt is still ours while the row is running attempt n under our claim: a
    // takeover (our delivery redelivered to another worker) or a final state makes it stale.
    // Typed arrays with unnest: no JSON document to build here and parse there.
    const out = await s<{ id: string; attempts: number }[]>`
      update task_runs t set
        state = v.state::task_state,
        attempts = v.attempt,
        worker_id = v.worker_id,
        result = v.result::jsonb,
        error = v.error::jsonb,
        finished_at = case when v.state = 'RETRY' then null else now() end,
        not_before = case when v.state = 'RETRY' then v.retry_at else t.not_before end,
        -- A final state keeps the (soon lapsed) lease and started_at: no indexed column
        -- changes, so the write is a HOT update (no index writes). Every reader of leases
        -- also filters on a running state. A RETRY clears its lease.
        lease_until = case when v.state = 'RETRY' then null else t.lease_until end,
        -- A RETRY ends this attempt for good: it joins the log (tasks show). The last
        -- attempt stays described by the row's own columns, so a first-time SUCCESS writes nothing.
        attempt_log = case when v.state = 'RETRY'
          then coalesce(t.attempt_log, '[]'::jsonb) || jsonb_build_array(jsonb_build_object(
            'attempt', v.attempt, 'workerId', v.worker_id, 'startedAt', coalesce(t.started_at, v.started_at),
            'finishedAt', now(), 'state', 'RETRY', 'error', v.error::jsonb))
          else t.attempt_log end,
        updated_at = now()
      from unnest(${textArray(ids)}::text::text[], ${intArray(attempts)}::text::int4[],
        ${textArray(workers)}::text::text[], ${textArray(started)}::text::timestamptz[],
        ${textArray(states)}::text::text[], ${textArray(results)}::text::text[],
        ${textArray(errors)}::text::text[], ${textArray(retryAt)}::text::timestamptz[])
        as v(id, attempt, worker_id, started_at, state, result, error, retry_at)
      where t.id = v.id and t.attempts = v.attempt and t.state in ('STARTED','PROGRESS')
        and t.worker_id = v.worker_id
      returning t.id, t.attempts`;
    const done = new Set<string>();
    for (const r of out) if (r) done.add(`${r.id}\u0000${r.attempts}`);
    return rows.map((r, i) => done.has(`${ids[i]}\u0000${r.attempt}`));
  }

  /**
   * Fails a task that never started (bad input): creates the row if needed. `keepPayload`
   * false (`storePayload: false` tasks) also drops the copy a PENDING row had.
   */
  async failUnstarted(
    row: Omit<PendingRow, 'notBefore'>,
    error: TaskError,
    keepPayload = true,
  ): Promise<void> {
    const c = rowColumns(keepPayload ? row : { ...row, payload: null });
    await this.sql`
      insert into task_runs as t (id, name, queue, state, payload, user_id, correlation_id, parent_id, error, finished_at)
      values (${c.id}, ${c.name}, ${c.queue}, 'FAILURE', ${c.payload}::text::jsonb, ${c.user_id},
              ${c.correlation_id}, ${c.parent_id}, ${JSON.stringify(storableValue(error))}::text::jsonb, now())
      on conflict (id) do update set state = 'FAILURE', error = excluded.error, finished_at = now(), updated_at = now(),
        payload = case when ${keepPayload} then t.payload end
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

  /**
   * Gives an attempt back uncounted (the worker stops before the handler finished): the row
   * is queued again as it was before the claim, so a shutdown never uses up a retry.
   */
  async release(row: { id: string; attempt: number; workerId: string }): Promise<void> {
    await this.relaxedSql`
      update task_runs set attempts = attempts - 1,
        state = case when attempts = 1 then 'PENDING'::task_state else 'RETRY'::task_state end,
        lease_until = null, claim_seq = null, updated_at = now()
      where id = ${storableText(row.id)} and attempts = ${row.attempt} and worker_id = ${row.workerId}
        and state in ('STARTED','PROGRESS')`;
  }

  /**
   * One batched look at this worker's running attempts: which have a revoke requested (the
   * durable half of revoke; the core-NATS broadcast is only the fast path). With `leaseMs`,
   * their leases are extended in the same statement.
   */
  async watchRunning(rows: { id: string; attempt: number }[], leaseMs?: number): Promise<string[]> {
    if (rows.length === 0) return [];
    const json = JSON.stringify(rows.map((r) => ({ id: storableText(r.id), attempt: r.attempt })));
    const out =
      leaseMs === undefined
        ? await this.relaxedSql<{ id: string }[]>`
            select t.id from task_runs t
            where t.id in (select id from json_to_recordset(${json}::text::json) as v(id text, attempt int))
              and t.revoke_requested_at is not null`
        : await this.relaxedSql<{ id: string }[]>`
            update task_runs t set lease_until = now() + make_interval(secs => ${leaseMs} / 1000.0)
            from json_to_recordset(${json}::text::json) as v(id text, attempt int)
            where t.id = v.id and t.attempts = v.attempt and t.state in ('STARTED','PROGRESS')
            returning t.id, t.revoke_requested_at is not null as revoke`.then((r) =>
            r.filter((x) => x && (x as unknown as { revoke: boolean }).revoke),
          );
    const revoked = new Set(out.filter(Boolean).map((r) => r.id));
    return rows.filter((r) => revoked.has(storableText(r.id))).map((r) => r.id);
  }

  /** The status of a run as `TaskClient.status` and `tasks status` answer it. */
  async status(id: string): Promise<TaskStatus> {
    return taskStatusOf(id, await this.get(id));
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
   * The worker that held task `id` under message `seq` no longer does: its lease ends now, so
   * the next claim takes the task over. Only that worker's running row under that message is
   * touched. `unlessRenewedWithin`: not if the lease was renewed that recently (a live
   * holder renews it every third of its length, through PostgreSQL, even while its NATS
   * connection is down). Resolves to `ended`, or, when the lease was renewed too recently,
   * `staleInMs`: how long until it no longer counts as recently renewed.
   */
  async endLeaseOf(
    id: string,
    holder: string,
    seq: number,
    unlessRenewedWithin?: { leaseMs: number; withinMs: number },
  ): Promise<{ ended: true } | { ended: false; staleInMs?: number }> {
    // A lease renewed `withinMs` ago ends `leaseMs - withinMs` from now, or later.
    const renewedAfterMs = unlessRenewedWithin
      ? Math.round(unlessRenewedWithin.leaseMs - unlessRenewedWithin.withinMs)
      : null;
    const [row] = await this.sql<{ ended: boolean; stale_in_ms: number | null }[]>`
      with t as (
        select id from task_runs
        where id = ${storableText(id)} and worker_id = ${holder} and claim_seq = ${seq}
          and state in ('STARTED','PROGRESS')
        for update
      ), ended as (
        update task_runs r set lease_until = now()
        from t where r.id = t.id
          and (${renewedAfterMs}::int is null
               or r.lease_until < now() + make_interval(secs => ${renewedAfterMs}::int / 1000.0))
        returning r.id
      )
      select exists (select 1 from ended) as ended,
        (select ceil(extract(epoch from r.lease_until - now()) * 1000 - ${renewedAfterMs ?? 0}::int)::int
           from task_runs r join t on r.id = t.id) as stale_in_ms`;
    if (row?.ended) return { ended: true };
    const staleInMs = row?.stale_in_ms ?? undefined;
    return staleInMs === undefined || staleInMs === null ? { ended: false } : { ended: false, staleInMs };
  }

  /**
   * Expiry (`Task-Expires` passed before the task started): a queued row becomes REVOKED
   * (`expired`), a missing one (a message from another client) is recorded so. A running or
   * final row is left alone: the claim that follows judges it as usual.
   */
  async expire(row: Omit<PendingRow, 'notBefore'>): Promise<void> {
    const c = rowColumns(row);
    const error = '{"name":"TaskExpiredError","message":"expired before it started","code":"expired"}';
    await this.sql`
      insert into task_runs as t (id, name, queue, state, payload, user_id, correlation_id, parent_id, error,
                                  finished_at, revoke_requested_at)
      values (${c.id}, ${c.name}, ${c.queue}, 'REVOKED', ${c.payload}::text::jsonb, ${c.user_id},
              ${c.correlation_id}, ${c.parent_id}, ${error}::jsonb, now(), now())
      on conflict (id) do update set state = 'REVOKED', error = excluded.error, finished_at = now(),
        revoke_requested_at = coalesce(t.revoke_requested_at, now()), updated_at = now()
      where t.state in ('PENDING','RETRY')`;
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
