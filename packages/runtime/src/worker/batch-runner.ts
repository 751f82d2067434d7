import type { JsMsg } from '@nats-io/jetstream';
import type { TaskDefinition } from '@repowiki/contracts';
import type { TransactionSql } from 'postgres';
import type { BatchItem, BatchTaskHandler, DeadLetterPart } from '../context.js';
import { TaskAbortedError } from '../errors.js';
import { finishBatchInTransaction, StaleAttemptError } from '../ledger/finish-in-tx.js';
import { watchRunningAttempts } from './attempt-watch.js';
import type { Envelope } from './decode.js';
import { type Outcome, settle } from './settle.js';
import { deadLetterPart, settleUnledgered } from './settle-unledgered.js';
import { effectiveTimeLimits } from './time-limits.js';
import type { WorkerDeps } from './worker-deps.js';

/** A delivery whose claim said `run`: it owns `attempt` of its task. */
interface Claimed {
  m: JsMsg;
  envelope: Envelope;
  payload: unknown;
  attempt: number;
  settled: { resolve(): void; reject(e: unknown): void };
}

type BatchTask = TaskDefinition & { batch: { maxSize: number; maxWaitMs: number } };

/**
 * Collects claimed deliveries of one batch task into calls of up to `maxSize` items or
 * `maxWaitMs`, and runs each call the way a single attempt runs (issue 11, defect 7):
 * - every item was claimed by the same ledger claim as a single task (the worker drops the
 *   ones the claim refuses before they get here), so attempts come from the ledger;
 * - the call runs under the task's limits: the signal aborts at the soft limit and at the
 *   hard limit; the items (their slots, their held deliveries) stay until the handler
 *   returns, so no effect of the call can land after its items are written FAILURE;
 * - the call's one outcome is settled for EACH item through the same decide()/settle as a
 *   single task (SUCCESS, RETRY at the backoff or RetryAfterError's delay, FAILURE + DLQ).
 * Calls run concurrently (a hung call must not hold up the next one); the worker's slots
 * bound how many items are held.
 *
 * A task declared `ledger: false` runs the same calls without any ledger row: its items come
 * straight from the delivery (attempt = JetStream's delivery count), `ctx.complete` commits
 * only the handler's writes, and `settleUnledgered` acks after that commit (or retries,
 * or dead-letters) — see settle-unledgered.ts.
 */
export class BatchRunner {
  private buffer: Claimed[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly running = new Set<Promise<void>>();

  /** `ledger: false`: no task_runs row is written for the items. */
  private readonly unledgered: boolean;

  constructor(
    private readonly deps: WorkerDeps,
    private readonly task: BatchTask,
    private readonly handler: BatchTaskHandler<never>,
  ) {
    this.unledgered = task.ledger === false;
  }

  /** Resolves when the item has been settled (its slot may be reused); rejects if settling failed. */
  add(m: JsMsg, envelope: Envelope, payload: unknown, attempt: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.buffer.push({ m, envelope, payload, attempt, settled: { resolve, reject } });
      if (this.buffer.length >= this.task.batch.maxSize) this.flush();
      else if (!this.timer) this.timer = setTimeout(() => this.flush(), this.task.batch.maxWaitMs);
    });
  }

  /** Starts a call with what is buffered; resolves when every call so far has settled. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.buffer.splice(0, this.buffer.length);
    if (batch.length > 0) {
      const run = this.run(batch).finally(() => this.running.delete(run));
      this.running.add(run);
    }
    return Promise.all(this.running).then(() => {});
  }

  private async run(batch: Claimed[]): Promise<void> {
    const { deps, task } = this;
    const startedAt = Date.now();
    const { softMs, hardMs } = effectiveTimeLimits(task, deps.limits);
    const logger = deps.logger.child({ task: task.subject, batch: batch.length });
    const controller = new AbortController();
    const abortSignal = (reason: TaskAbortedError['reason']) => {
      if (!controller.signal.aborted) controller.abort(new TaskAbortedError(reason));
    };
    let ended = false;
    let finish: (o: Outcome) => void = () => {};
    const outcome = new Promise<Outcome>((resolve) => {
      finish = (o) => {
        if (ended) return;
        ended = true;
        resolve(o);
      };
    });
    let softDone = false;
    let hardDone = false;
    const tick = (now: number) => {
      if (ended) return;
      if (!softDone && now >= startedAt + softMs) {
        softDone = true;
        abortSignal('soft_time_limit');
      }
      if (!hardDone && now >= startedAt + hardMs) {
        hardDone = true;
        abortSignal('hard_time_limit');
        // The items stay held until the handler returns (it may still write): say why.
        logger.warn({ hardMs }, 'batch handler ignores its signal past its hard time limit');
      }
    };
    // ctx.complete: its transaction in flight, and whether it committed every item's SUCCESS.
    let completing: Promise<void> | undefined;
    let committed = false;
    const complete = (work: (tx: TransactionSql) => Promise<void>): Promise<void> => {
      if (completing) return Promise.reject(new Error('ctx.complete may be called once per call'));
      const first = batch[0];
      if (ended || hardDone || !first) {
        return Promise.reject(new StaleAttemptError(first?.envelope.taskId ?? '?', first?.attempt ?? 0));
      }
      const transaction = this.unledgered
        ? deps.db.sql.begin((tx) => work(tx))
        : deps.db.ledgerSql.begin(async (tx) => {
            await work(tx);
            await finishBatchInTransaction(
              tx,
              deps.workerId,
              batch.map((p) => ({ id: p.envelope.taskId, attempt: p.attempt })),
            );
          });
      completing = transaction.then(() => {
        committed = true;
      });
      return completing;
    };
    // ctx.deadLetter: parts refused by the handler, stored in the DLQ once the call succeeded.
    const parts = new Map<string, DeadLetterPart[]>();
    const refusePart = (taskId: string, part: DeadLetterPart) => {
      const list = parts.get(taskId);
      if (list) list.push(part);
      else parts.set(taskId, [part]);
    };
    const revoked = new Set<string>();
    const revokeItem = (id: string) => revoked.add(id);
    for (const p of batch) {
      deps.active.set(p.envelope.taskId, {
        taskId: p.envelope.taskId,
        subject: task.subject,
        attempt: p.attempt,
        userId: p.envelope.userId,
        startedAt: new Date(startedAt),
        tick,
        abort(reason) {
          // One item's revoke does not abort its neighbours: the call's outcome decides
          // (REVOKED unless the call succeeds anyway, as for a single task).
          if (reason === 'revoked') revokeItem(p.envelope.taskId);
          else {
            abortSignal('shutdown');
            finish({ kind: 'shutdown' });
          }
        },
      });
    }
    watchRunningAttempts(deps);
    deps.metrics?.inFlight.inc({ task: task.subject }, batch.length);
    try {
      const items: BatchItem<never>[] = batch.map((p) => ({
        taskId: p.envelope.taskId,
        payload: p.payload as never,
        userId: p.envelope.userId,
      }));
      let call: Promise<void>;
      try {
        call = this.handler(items, {
          subject: task.subject as never,
          signal: controller.signal,
          logger,
          db: deps.db,
          complete,
          deadLetter: refusePart,
        });
      } catch (e) {
        call = Promise.reject(e);
      }
      call.then(
        () => finish(hardDone ? { kind: 'hard_limit', hardMs } : { kind: 'success', value: null }),
        (error: unknown) => finish(hardDone ? { kind: 'hard_limit', hardMs } : { kind: 'error', error }),
      );
      const o = await outcome;
      // A shutdown may end the wait while ctx.complete's commit is in flight: what it
      // committed decides the outcome.
      await completing?.catch(() => {});
      if (o.kind === 'error' && !committed) logger.warn({ err: o.error }, 'batch failed');
      // MUST come after the commit and before any ack: a part is dead-lettered only when its
      // neighbours were stored, and a crash before the ack re-sends it under the same msg id.
      if ((committed || o.kind === 'success') && parts.size > 0) {
        try {
          await Promise.all(
            batch.flatMap((p) =>
              (parts.get(p.envelope.taskId) ?? []).map((part) =>
                deadLetterPart(deps, p.m, p.envelope, task, part),
              ),
            ),
          );
        } catch (e: unknown) {
          // NATS did not take them: no ack; the worker puts the items back for redelivery.
          for (const p of batch) p.settled.reject(e);
          return;
        }
      }
      if (this.unledgered) {
        const ok = committed || (o.kind === 'success' && !hardDone);
        await Promise.all(
          batch.map((p) =>
            settleUnledgered(deps, { ...p, task, startedAt }, ok, o).then(
              p.settled.resolve,
              p.settled.reject,
            ),
          ),
        );
        return;
      }
      await Promise.all(
        batch.map((p) =>
          settle(
            deps,
            {
              m: p.m,
              envelope: p.envelope,
              task,
              attempt: p.attempt,
              startedAt,
              revokeRequested: revoked.has(p.envelope.taskId),
              committed: committed ? { value: null } : undefined,
            },
            o,
          ).then(p.settled.resolve, p.settled.reject),
        ),
      );
    } finally {
      for (const p of batch) deps.active.delete(p.envelope.taskId);
      deps.metrics?.inFlight.dec({ task: task.subject }, batch.length);
      // Never leave an item's promise pending (its slot would never be freed).
      for (const p of batch) p.settled.resolve();
    }
  }
}
