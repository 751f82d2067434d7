import type { JsMsg } from '@nats-io/jetstream';
import type { TaskDefinition } from '@repowiki/contracts';
import { isDataError } from '../ledger/pg-errors.js';
import type { BatchRunner } from './batch-runner.js';
import { beginAttempt } from './begin-attempt.js';
import { decode, type Envelope } from './decode.js';
import { deferDelivery } from './defer-delivery.js';
import { resolveHeld } from './holder-check.js';
import { runAttempt } from './run-attempt.js';
import { rejectInput, settle } from './settle.js';
import { rejectUnledgered } from './settle-unledgered.js';
import type { RuntimeHandler, WorkerDeps } from './worker-deps.js';

/** What handling one delivery needs from its worker. */
export interface DeliveryScope {
  readonly deps: WorkerDeps;
  readonly catalog: Readonly<Record<string, TaskDefinition>>;
  readonly handlers: Readonly<Record<string, RuntimeHandler>>;
  /** TaskWorkerOptions.throttleDelayMs (deprecated). */
  readonly throttleDelayMs: number | undefined;
  stopping(): boolean;
  batchRunner(task: TaskDefinition, handler: RuntimeHandler): BatchRunner;
}

/**
 * One delivery, from receipt to settle: bad input is dead-lettered unrun; a delayed or
 * throttled task is parked; otherwise the ledger claim decides (run, skip a duplicate, end a
 * revoked or crash-looping task) and a run goes to the attempt runner or its batch.
 */
export async function handleDelivery(w: DeliveryScope, m: JsMsg): Promise<void> {
  const { deps } = w;
  if (w.stopping()) {
    m.nak();
    return;
  }
  const decoded = decode(m, deps.topology, w.catalog, (s) => s in w.handlers);
  if (!decoded.ok) {
    if (decoded.task?.ledger === false) {
      await rejectUnledgered(deps, m, decoded.envelope, decoded.task, decoded.code, decoded.reason);
      return;
    }
    await rejectInput(deps, m, decoded.envelope, decoded.task, decoded.code, decoded.reason);
    return;
  }
  const { envelope, task, payload } = decoded;
  if (task.ledger === false) return runUnledgered(w, m, envelope, task, payload);
  if (envelope.notBefore && envelope.notBefore.getTime() > Date.now()) {
    // Delayed task: put aside until due, without counting an attempt.
    await deferDelivery(deps, m, envelope, task, { kind: 'due', at: envelope.notBefore });
    return;
  }
  if (envelope.expiresAt && envelope.expiresAt.getTime() <= Date.now()) {
    // Expired before it started: REVOKED in the ledger, then the claim below acks it unrun
    // (a row another delivery is running is left to that attempt).
    await deps.ledger.expire({
      id: envelope.taskId,
      name: envelope.subject,
      queue: task.queue,
      payload: task.storePayload ? envelope.body : null,
      userId: envelope.userId,
      correlationId: envelope.correlationId,
      parentId: envelope.parentId,
    });
  }
  const handler = w.handlers[envelope.subject]!;
  // Never for a redelivery: its task may be running on a replica whose heartbeats lapsed,
  // and parking acks the message that replica still settles (the claim asks it first).
  if (
    !task.batch &&
    envelope.userId &&
    m.info.deliveryCount === 1 &&
    deps.timers.userAtLimit(envelope.userId, m)
  ) {
    // Its user was throttled a moment ago: queue it behind the user's parked deliveries.
    deps.counters.throttled++;
    deps.metrics?.throttled.inc({ task: task.subject });
    deps.timers.parkDetached(m, envelope.taskId, envelope.userId);
    return;
  }
  let begin: Awaited<ReturnType<typeof beginAttempt>>;
  try {
    begin = await beginAttempt(deps, m, envelope, task);
    // Once: a holder that is gone has its lease ended, and the claim is made again.
    if (begin.kind === 'held') {
      if ((await resolveHeld(deps, m, envelope, task.queue, begin.holder)) === 'settled') return;
      begin = await beginAttempt(deps, m, envelope, task);
      if (begin.kind === 'held') {
        m.nak(deps.limits.heartbeatMs * 3);
        return;
      }
    }
  } catch (e: unknown) {
    // A row PostgreSQL refuses even escaped would fail on every redelivery: dead-letter it
    // once. Other errors (database unreachable) propagate: the message is redelivered.
    if (!isDataError(e)) throw e;
    const reason = `the ledger cannot store this task: ${(e as Error).message}`;
    await rejectInput(deps, m, envelope, task, 'unstorable', reason);
    return;
  }
  switch (begin.kind) {
    case 'throttled': {
      deps.counters.throttled++;
      deps.metrics?.throttled.inc({ task: task.subject });
      const base = w.throttleDelayMs ?? 500;
      await deferDelivery(deps, m, envelope, task, {
        kind: 'throttled',
        userId: envelope.userId ?? '',
        delayMs: base + Math.floor(Math.random() * base),
      });
      return;
    }
    case 'skip':
      m.ack();
      deps.counters.skipped++;
      deps.metrics?.completed.inc({ task: task.subject, outcome: 'skipped' });
      return;
    case 'revoke':
    case 'crashed':
      // Never run here: the claim took the row over to write REVOKED / FAILURE worker_crashed.
      return settle(
        deps,
        { m, envelope, task, attempt: begin.attempt, startedAt: Date.now() },
        { kind: begin.kind === 'revoke' ? 'revoked' : 'crashed' },
      );
    case 'run':
      // A delivery whose begin was still waiting on the ledger when stop() was called MUST
      // NOT start its handler (stop() may be past its grace period by then): it goes back to
      // the stream for another replica, like an attempt cut off by shutdown.
      if (w.stopping()) {
        // The claim is given back first (uncounted, no lease, as a requeue does): another
        // replica that gets the message must not find it held by this worker, which is
        // about to leave (it would wait for the fresh lease to go stale).
        await deps.ledger
          .release({ id: envelope.taskId, attempt: begin.attempt, workerId: deps.workerId })
          .catch((e: unknown) =>
            deps.logger.warn({ err: e, taskId: envelope.taskId }, 'could not release the claim'),
          );
        m.nak();
        return;
      }
      // Batch items are claimed like single tasks (above) and settled like them (the runner).
      if (task.batch) return w.batchRunner(task, handler).add(m, envelope, payload, begin.attempt);
      return runAttempt(deps, {
        m,
        envelope,
        task,
        payload,
        attempt: begin.attempt,
        handler: handler as never,
      });
  }
}

/**
 * Deliveries that keep running their worker into the ground are given up on after this many
 * times the task's allowed attempts (a `ledger: false` task has no claim to count crashes).
 */
const UNLEDGERED_CRASH_FACTOR = 4;

/**
 * A `ledger: false` task (access logs): no PENDING, claim or final row. Straight to its batch,
 * with JetStream's delivery count as the attempt; settled by settle-unledgered.ts.
 */
function runUnledgered(
  w: DeliveryScope,
  m: JsMsg,
  envelope: Envelope,
  task: TaskDefinition,
  payload: unknown,
): Promise<void> {
  const attempt = m.info.deliveryCount;
  const allowed = (task.retry.maxRetries + 1) * UNLEDGERED_CRASH_FACTOR;
  if (attempt > allowed) {
    const reason = `delivered ${attempt} times without being settled (its worker died each time?)`;
    return rejectUnledgered(w.deps, m, envelope, task, 'worker_crashed', reason, attempt);
  }
  const handler = w.handlers[envelope.subject]!;
  return w.batchRunner(task, handler).add(m, envelope, payload, attempt);
}
