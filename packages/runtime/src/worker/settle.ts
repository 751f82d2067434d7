import type { JsMsg } from '@nats-io/jetstream';
import type { DlqCode, TaskDefinition, TaskError } from '@repowiki/contracts';
import { NonRetriableError, RetryAfterError, TaskAbortedError, toError } from '../errors.js';
import { retryDelayMs } from './backoff.js';
import { deadLetter, terminate } from './dead-letter.js';
import type { Envelope } from './decode.js';
import { deferDelivery } from './defer-delivery.js';
import { effectiveTimeLimits } from './time-limits.js';
import type { SettledAttempt, WorkerDeps } from './worker-deps.js';

export type Outcome =
  | { kind: 'success'; value: unknown }
  | { kind: 'error'; error: unknown }
  | { kind: 'hard_limit' }
  | { kind: 'revoked' }
  | { kind: 'shutdown' };

interface SettleInput {
  m: JsMsg;
  envelope: Envelope;
  task: TaskDefinition;
  attempt: number;
  startedAt: number;
}

export function describeError(e: unknown, code?: string): TaskError {
  const err = toError(e);
  const c = code ?? (err as { code?: unknown }).code;
  return { name: err.name, message: err.message, ...(typeof c === 'string' ? { code: c } : {}) };
}

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
 * The one place an attempt's outcome is mapped to the ledger and to JetStream.
 * Order matters: the ledger commit happens first, the ack/nak/term after it (MUST), so a
 * crash in between only causes a redelivery that the final ledger row turns into a no-op.
 */
export async function settle(deps: WorkerDeps, input: SettleInput, outcome: Outcome): Promise<void> {
  const { m, envelope, task, attempt } = input;
  const durationMs = Date.now() - input.startedAt;
  const label = task.subject;
  const finishedAt = new Date().toISOString();
  const base = {
    taskId: envelope.taskId,
    task: task.subject,
    queue: task.queue,
    attempts: attempt,
    workerId: deps.workerId,
  };

  if (outcome.kind === 'success') {
    const parsed = task.result.safeParse(outcome.value);
    if (!parsed.success) {
      return settle(deps, input, {
        kind: 'error',
        error: new NonRetriableError(
          `handler returned an invalid result: ${parsed.error.issues[0]?.message}`,
          {
            code: 'invalid_result',
          },
        ),
      });
    }
    const value = parsed.data ?? null;
    const written = await deps.ledger.finish({
      id: envelope.taskId,
      attempt,
      workerId: deps.workerId,
      startedAt: new Date(input.startedAt),
      state: 'SUCCESS',
      result: JSON.stringify(value),
      error: null,
      retryAt: null,
    });
    if (!written) return stale(deps, input);
    m.ack();
    notifySettled(deps, envelope.taskId, label, attempt, 'SUCCESS', durationMs);
    deps.counters.succeeded++;
    deps.metrics?.completed.inc({ task: label, outcome: 'success' });
    deps.metrics?.duration.observe({ task: label, outcome: 'success' }, durationMs / 1000);
    publishEvent(deps, task, 'succeeded', {
      ...base,
      result: value,
      startedAt: new Date(input.startedAt).toISOString(),
      finishedAt,
      durationMs,
    });
    return;
  }

  if (outcome.kind === 'shutdown') {
    // Not finished within the grace period: back to the stream for another replica.
    m.nak();
    return;
  }

  if (outcome.kind === 'revoked') {
    const error: TaskError = { name: 'TaskRevokedError', message: 'revoked while running', code: 'revoked' };
    const written = await deps.ledger.finish({
      id: envelope.taskId,
      attempt,
      workerId: deps.workerId,
      startedAt: new Date(input.startedAt),
      state: 'REVOKED',
      result: null,
      error,
      retryAt: null,
    });
    if (!written) return stale(deps, input);
    terminate(m, deps.nc, 'revoked');
    notifySettled(deps, envelope.taskId, label, attempt, 'REVOKED', durationMs);
    deps.counters.revoked++;
    deps.metrics?.completed.inc({ task: label, outcome: 'revoked' });
    publishEvent(deps, task, 'failed', { ...base, error, finishedAt, durationMs });
    return;
  }

  let error: TaskError;
  let retryInMs: number | undefined;
  let code: DlqCode = 'retries_exhausted';
  if (outcome.kind === 'hard_limit') {
    const { hardMs } = effectiveTimeLimits(task, deps.limits);
    error = {
      name: 'TimeLimitExceeded',
      message: `hard time limit of ${hardMs} ms exceeded`,
      code: 'time_limit',
    };
    code = 'time_limit';
  } else {
    const e = outcome.error;
    error = describeError(e);
    const canRetry = attempt <= task.retry.maxRetries;
    if (e instanceof NonRetriableError) {
      code = 'non_retriable';
    } else if (e instanceof RetryAfterError) {
      if (canRetry) retryInMs = Math.max(0, e.delayMs);
    } else if (canRetry) {
      retryInMs = retryDelayMs(task.retry, attempt);
    }
    if (e instanceof TaskAbortedError) error.code = e.reason;
  }

  if (retryInMs !== undefined) {
    const written = await deps.ledger.finish({
      id: envelope.taskId,
      attempt,
      workerId: deps.workerId,
      startedAt: new Date(input.startedAt),
      state: 'RETRY',
      result: null,
      error,
      retryAt: new Date(Date.now() + retryInMs),
    });
    if (!written) return stale(deps, input);
    await deferDelivery(deps, m, envelope, task, { kind: 'due', at: new Date(Date.now() + retryInMs) });
    notifySettled(deps, envelope.taskId, label, attempt, 'RETRY', durationMs);
    deps.counters.retried++;
    deps.metrics?.retries.inc({ task: label });
    deps.metrics?.completed.inc({ task: label, outcome: 'retry' });
    deps.logger.warn(
      { taskId: envelope.taskId, attempt, retryInMs, err: error },
      'task attempt failed, will retry',
    );
    return;
  }

  const written = await deps.ledger.finish({
    id: envelope.taskId,
    attempt,
    workerId: deps.workerId,
    startedAt: new Date(input.startedAt),
    state: 'FAILURE',
    result: null,
    error,
    retryAt: null,
  });
  if (!written) return stale(deps, input);
  await deadLetter(deps.js, deps.topology, m, {
    queue: task.queue,
    task: task.name,
    catalogSubject: task.subject,
    taskId: envelope.taskId,
    code,
    reason: `${error.name}: ${error.message}`,
    attempts: attempt,
  });
  terminate(m, deps.nc, code);
  notifySettled(deps, envelope.taskId, label, attempt, 'FAILURE', durationMs);
  deps.counters.failed++;
  deps.counters.deadLettered++;
  deps.metrics?.completed.inc({ task: label, outcome: 'failure' });
  deps.metrics?.duration.observe({ task: label, outcome: 'failure' }, durationMs / 1000);
  deps.metrics?.deadLetters.inc({ task: label, code });
  deps.logger.error({ taskId: envelope.taskId, attempt, err: error, code }, 'task failed');
  publishEvent(deps, task, 'failed', { ...base, error, finishedAt, durationMs });
}

/**
 * The ledger moved on (a newer attempt started elsewhere after a redelivery, or a revoke
 * finished it): this attempt's completion is dropped and the message is left alone for
 * the attempt that owns it. MUST NOT ack: that would remove the newer attempt's message.
 */
function stale(deps: WorkerDeps, input: SettleInput): void {
  deps.logger.warn(
    { taskId: input.envelope.taskId, attempt: input.attempt },
    'stale attempt completion ignored',
  );
  deps.metrics?.completed.inc({ task: input.task.subject, outcome: 'stale' });
}

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
    )
    .catch((e: unknown) =>
      deps.logger.warn({ err: e, taskId: envelope.taskId }, 'could not record rejected task'),
    );
  terminate(m, deps.nc, code);
  notifySettled(deps, envelope.taskId, envelope.subject, 0, 'FAILURE', 0);
  deps.counters.deadLettered++;
  deps.metrics?.deadLetters.inc({ task: envelope.subject, code });
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
