import type { JsMsg } from '@nats-io/jetstream';
import type { DlqCode, TaskDefinition, TaskError } from '@repowiki/contracts';
import { toError } from '../errors.js';
import type { FinishRow } from '../ledger/ledger.js';
import { isDataError } from '../ledger/pg-errors.js';
import { releaseClaim } from '../ledger/release-claim.js';
import { untilDone, writeFinal as writeFinalRow } from '../ledger/write-final.js';
import { deadLetter, terminate } from './dead-letter.js';
import { type Disposition, decide, type Outcome } from './decide.js';
import type { Envelope } from './decode.js';
import { deferDelivery } from './defer-delivery.js';
import type { SettledAttempt, WorkerDeps } from './worker-deps.js';

export type { Outcome } from './decide.js';
export { describeError } from './decide.js';

function publishEvent(
  deps: WorkerDeps,
  task: TaskDefinition,
  outcome: 'succeeded' | 'failed',
  body: object,
): void {
  try {
    // Core publish: the EVENTS stream captures it; the ledger, not the event, is the truth.
    deps.nc.publish(deps.topology.eventSubject(task.queue, task.name, outcome), JSON.stringify(body));
  } catch (e) {
    deps.logger.warn({ err: e }, 'event publish failed');
  }
}

function writeFinal(deps: WorkerDeps, row: FinishRow): Promise<boolean> {
  return writeFinalRow(deps.ledger, deps.logger, row);
}

interface SettleInput {
  m: JsMsg;
  envelope: Envelope;
  task: TaskDefinition;
  attempt: number;
  startedAt: number;
  /** A revoke was requested while the attempt ran. */
  revokeRequested?: boolean;
  /** ctx.complete already committed SUCCESS (with this result) in the handler's transaction. */
  committed?: { value: unknown } | undefined;
}

/**
 * Tells the worker's in-process hook what an attempt came to. Called after the ledger
 * commit and the ack/nak/term, so what the hook sees is what `status()` already says. A
 * throwing hook is logged and never changes the outcome.
 */
export function notifySettled(
  deps: WorkerDeps,
  taskId: string,
  subject: string,
  attempt: number,
  state: SettledAttempt['state'],
  durationMs: number,
): void {
  if (!deps.onSettled) return;
  try {
    deps.onSettled({ taskId, subject, attempt, state, durationMs });
  } catch (e) {
    deps.logger.warn({ err: e, taskId }, 'onSettled hook threw');
  }
}

/**
 * Settles an attempt: `decide` says what the outcome means, this applies it to the ledger
 * and to JetStream. Order matters (MUST):
 * - SUCCESS/RETRY/REVOKED: the ledger commit first, the ack/defer/term after it, so a crash
 *   in between only causes a redelivery that the final row turns into a no-op;
 * - FAILURE: the DLQ entry and the `failed` event are published first, with deterministic
 *   message ids, then FAILURE is committed, then the message terminated: a crash anywhere
 *   in between redoes the publishes, which JetStream drops as duplicates.
 */
export async function settle(deps: WorkerDeps, input: SettleInput, outcome: Outcome): Promise<void> {
  const nowMs = Date.now();
  const facts = {
    attempt: input.attempt,
    revokeRequested: input.revokeRequested ?? false,
    nowMs,
    random: Math.random(),
    outageDuringAttempt: deps.reachability.unreachableSince(input.startedAt),
  };
  // SUCCESS is in the ledger already, whatever the handler did after ctx.complete.
  const d: Disposition = input.committed
    ? { kind: 'ack', value: input.committed.value }
    : decide(outcome, input.task, facts);
  try {
    await apply(deps, input, d, nowMs);
  } catch (e: unknown) {
    // The ledger refuses this outcome's values even escaped: retrying would fail the same
    // way, forever. The task ends FAILURE 'unstorable' once, without its result.
    if (!isDataError(e) || (d.kind === 'fail' && d.code === 'unstorable')) throw e;
    const error: TaskError = {
      name: 'UnstorableValueError',
      message: `the ledger refused this attempt's outcome: ${toError(e).message}`,
      code: 'unstorable',
    };
    await apply(deps, input, { kind: 'fail', error, code: 'unstorable' }, nowMs);
  }
}

/** Applies a disposition: the ledger write and the JetStream action, in the order above. */
async function apply(deps: WorkerDeps, input: SettleInput, d: Disposition, nowMs: number): Promise<void> {
  const { m, envelope, task, attempt } = input;
  const durationMs = nowMs - input.startedAt;
  const label = task.subject;
  const finishedAt = new Date(nowMs).toISOString();
  const base = {
    taskId: envelope.taskId,
    task: task.subject,
    queue: task.queue,
    attempts: attempt,
    workerId: deps.workerId,
  };
  const row = { id: envelope.taskId, attempt, workerId: deps.workerId, startedAt: new Date(input.startedAt) };

  switch (d.kind) {
    case 'ack': {
      const written =
        input.committed !== undefined ||
        (await writeFinal(deps, {
          ...row,
          state: 'SUCCESS',
          result: JSON.stringify(d.value),
          error: null,
          retryAt: null,
        }));
      if (!written) return stale(deps, input);
      m.ack();
      notifySettled(deps, envelope.taskId, label, attempt, 'SUCCESS', durationMs);
      deps.counters.succeeded++;
      deps.metrics?.completed.inc({ task: label, outcome: 'success' });
      deps.metrics?.duration.observe({ task: label, outcome: 'success' }, durationMs / 1000);
      // The same fields as `base` plus the outcome's, as one literal (no spread per task).
      publishEvent(deps, task, 'succeeded', {
        taskId: envelope.taskId,
        task: task.subject,
        queue: task.queue,
        attempts: attempt,
        workerId: deps.workerId,
        result: d.value,
        startedAt: new Date(input.startedAt).toISOString(),
        finishedAt,
        durationMs,
      });
      return;
    }
    case 'requeue':
      // Not the task's fault: the attempt is given back (uncounted), the message put back.
      await deps.ledger.release(row).catch((e: unknown) => {
        deps.logger.warn({ err: e, taskId: envelope.taskId }, 'could not release the claim');
      });
      m.nak();
      return;
    case 'outage':
      // The claim counted this attempt: give it back (retried until the database answers,
      // the delivery held meanwhile), then run it again soon. No retry used, no DLQ entry.
      await releaseClaim(deps.ledger, deps.logger, row);
      await deferDelivery(deps, m, envelope, task, { kind: 'due', at: new Date(d.atMs) });
      deps.logger.warn(
        { taskId: envelope.taskId, attempt, err: d.error },
        'task attempt hit an outage; not counted, will run again',
      );
      return;
    case 'revoke': {
      const written = await writeFinal(deps, {
        ...row,
        state: 'REVOKED',
        result: null,
        error: d.error,
        retryAt: null,
      });
      if (!written) return stale(deps, input);
      terminate(m, deps.nc, 'revoked');
      notifySettled(deps, envelope.taskId, label, attempt, 'REVOKED', durationMs);
      deps.counters.revoked++;
      deps.metrics?.completed.inc({ task: label, outcome: 'revoked' });
      publishEvent(deps, task, 'failed', { ...base, error: d.error, finishedAt, durationMs });
      return;
    }
    case 'retry': {
      const at = new Date(d.atMs);
      const written = await writeFinal(deps, {
        ...row,
        state: 'RETRY',
        result: null,
        error: d.error,
        retryAt: at,
      });
      if (!written) return stale(deps, input);
      await deferDelivery(deps, m, envelope, task, { kind: 'due', at });
      notifySettled(deps, envelope.taskId, label, attempt, 'RETRY', durationMs);
      deps.counters.retried++;
      deps.metrics?.retries.inc({ task: label });
      deps.metrics?.completed.inc({ task: label, outcome: 'retry' });
      deps.logger.warn(
        { taskId: envelope.taskId, attempt, retryInMs: d.atMs - nowMs, err: d.error },
        'task attempt failed, will retry',
      );
      return;
    }
    case 'fail': {
      const { error, code } = d;
      const log = deps.logger.child({ taskId: envelope.taskId });
      await untilDone(
        () =>
          deadLetter(deps.js, deps.topology, m, {
            queue: task.queue,
            task: task.name,
            catalogSubject: task.subject,
            taskId: envelope.taskId,
            code,
            reason: `${error.name}: ${error.message}`,
            attempts: attempt,
          }),
        log,
        'dead-letter publish',
      );
      await untilDone(
        () =>
          deps.js.publish(
            deps.topology.eventSubject(task.queue, task.name, 'failed'),
            JSON.stringify({ ...base, error, finishedAt, durationMs }),
            // Same idea as the DLQ entry's id: a redo after a crash is a duplicate.
            { msgID: `failed:${envelope.taskId}` },
          ),
        log,
        'failed event publish',
      );
      const written = await writeFinal(deps, {
        ...row,
        state: 'FAILURE',
        result: null,
        error,
        retryAt: null,
      });
      if (!written) return stale(deps, input);
      terminate(m, deps.nc, code);
      notifySettled(deps, envelope.taskId, label, attempt, 'FAILURE', durationMs);
      deps.counters.failed++;
      deps.counters.deadLettered++;
      deps.metrics?.completed.inc({ task: label, outcome: 'failure' });
      deps.metrics?.duration.observe({ task: label, outcome: 'failure' }, durationMs / 1000);
      deps.metrics?.deadLetters.inc({ task: label, code });
      deps.logger.error({ taskId: envelope.taskId, attempt, err: error, code }, 'task failed');
      return;
    }
  }
}

/**
 * The ledger moved on (our delivery was taken over after a missed heartbeat, or a revoke
 * finished the task): this attempt's completion is dropped and the message is left alone
 * for the attempt that owns it. MUST NOT ack: that would remove the newer attempt's message.
 */
function stale(deps: WorkerDeps, input: SettleInput): void {
  deps.logger.warn(
    { taskId: input.envelope.taskId, attempt: input.attempt },
    'stale attempt completion ignored',
  );
  deps.metrics?.completed.inc({ task: input.task.subject, outcome: 'stale' });
}

/** The metrics label of a message whose subject is not a task of the catalog. */
const UNKNOWN_TASK_LABEL = 'unknown';

/** Bad input: dead-lettered at once, never retried; the ledger says why. */
export async function rejectInput(
  deps: WorkerDeps,
  m: JsMsg,
  envelope: Envelope,
  task: TaskDefinition | undefined,
  code: DlqCode,
  reason: string,
): Promise<void> {
  const [, queue = 'unknown', name = 'unknown'] = envelope.subject.split('.');
  const error: TaskError = { name: 'InvalidTaskError', message: reason, code };
  await deadLetter(deps.js, deps.topology, m, {
    queue: task?.queue ?? queue,
    task: task?.name ?? name,
    catalogSubject: envelope.subject,
    taskId: envelope.taskId,
    code,
    reason,
    attempts: 0,
  });
  // Best effort: the DLQ entry is the durable record; the ledger row lets `status` explain.
  await deps.ledger
    .failUnstarted(
      {
        id: envelope.taskId,
        name: envelope.subject,
        queue: task?.queue ?? queue,
        payload: asJsonText(envelope.body),
        userId: envelope.userId,
        correlationId: envelope.correlationId,
        parentId: envelope.parentId,
      },
      error,
      // A task that keeps no payload in the ledger keeps none of its bad input either.
      task?.storePayload !== false,
    )
    .catch((e: unknown) =>
      deps.logger.warn({ err: e, taskId: envelope.taskId }, 'could not record rejected task'),
    );
  terminate(m, deps.nc, code);
  notifySettled(deps, envelope.taskId, envelope.subject, 0, 'FAILURE', 0);
  deps.counters.deadLettered++;
  // A label value per subject a publisher made up would grow /metrics without bound.
  deps.metrics?.deadLetters.inc({ task: task?.subject ?? UNKNOWN_TASK_LABEL, code });
  deps.logger.warn(
    { taskId: envelope.taskId, subject: envelope.subject, code, reason },
    'message dead-lettered',
  );
}

/** The body as JSON text for the jsonb column: itself when it is JSON, else a JSON string. */
function asJsonText(body: string): string {
  try {
    JSON.parse(body);
    return body;
  } catch {
    return JSON.stringify(body);
  }
}
