import type { JsMsg } from '@nats-io/jetstream';
import type { TaskDefinition } from '@repowiki/contracts';
import { terminate } from './dead-letter.js';
import type { Envelope } from './decode.js';
import { notifySettled } from './settle.js';
import { startWithinUserLimit } from './user-slots.js';
import type { WorkerDeps } from './worker-deps.js';

/** What to do with a valid, due delivery. */
export type Begin =
  | { kind: 'run'; attempt: number; marked: boolean }
  /** Final already (done, failed, revoked): a redelivery or a re-publish. Never run twice. */
  | { kind: 'skip' }
  /** Its user already runs TASK_MAX_SIZE_PER_USER tasks: back to the stream, no attempt used. */
  | { kind: 'throttled' }
  /** Revoked while queued or while a dead worker held it. */
  | { kind: 'revoke'; attempt: number };

/**
 * Decides whether a delivery runs, and as which attempt:
 * - per-user tasks start in a transaction that counts the user's running rows (the running
 *   mark is written up front, it is what the count reads);
 * - others peek at the row (a read, no WAL): final → skip; no row (published without the
 *   TaskClient) or a pending revoke → upsert the running row now; otherwise run as attempt
 *   `attempts + 1` and let the mark be written only if the attempt lasts.
 */
export async function beginAttempt(
  deps: WorkerDeps,
  envelope: Envelope,
  task: TaskDefinition,
): Promise<Begin> {
  const row = {
    id: envelope.taskId,
    name: envelope.subject,
    queue: task.queue,
    payload: envelope.body,
    userId: envelope.userId,
    correlationId: envelope.correlationId,
    parentId: envelope.parentId,
    workerId: deps.workerId,
    leaseMs: deps.limits.leaseMs,
  };
  const maxPerUser = deps.limits.maxPerUser;
  if (envelope.userId && maxPerUser > 0) {
    const start = await startWithinUserLimit(
      deps.db.ledgerSql,
      { ...row, userId: envelope.userId },
      maxPerUser,
    );
    if (start.throttled) return { kind: 'throttled' };
    if (!start.started) return { kind: 'skip' };
    if (start.revokeRequested) return { kind: 'revoke', attempt: start.attempts };
    return { kind: 'run', attempt: start.attempts, marked: true };
  }
  const peek = await deps.ledger.peek(envelope.taskId);
  if (peek.state === 'SUCCESS' || peek.state === 'FAILURE' || peek.state === 'REVOKED')
    return { kind: 'skip' };
  if (!peek.exists || peek.revokeRequested) {
    const start = await deps.ledger.start(row);
    if (!start.started) return { kind: 'skip' };
    if (start.revokeRequested) return { kind: 'revoke', attempt: start.attempts };
    return { kind: 'run', attempt: start.attempts, marked: true };
  }
  return { kind: 'run', attempt: peek.attempts + 1, marked: false };
}

/** Ends a revoked delivery without running it. */
export async function revokeUnstarted(
  deps: WorkerDeps,
  m: JsMsg,
  taskId: string,
  subject: string,
  attempt: number,
): Promise<void> {
  await deps.ledger.finish({
    id: taskId,
    attempt,
    workerId: deps.workerId,
    startedAt: new Date(),
    state: 'REVOKED',
    result: null,
    error: { name: 'TaskRevokedError', message: 'revoked before it started', code: 'revoked' },
    retryAt: null,
  });
  terminate(m, deps.nc, 'revoked');
  notifySettled(deps, taskId, subject, attempt, 'REVOKED', 0);
  deps.counters.revoked++;
}
