import type { JsMsg } from '@nats-io/jetstream';
import type { TaskDefinition } from '@repowiki/contracts';
import type { Envelope } from './decode.js';
import { claimWithinUserLimit } from './user-slots.js';
import type { WorkerDeps } from './worker-deps.js';

/** What to do with a valid, due delivery. */
export type Begin =
  | { kind: 'run'; attempt: number }
  /** Final already (done, failed, revoked), or running elsewhere under another message. */
  | { kind: 'skip'; why: 'final' | 'duplicate' }
  /** Its user already runs TASK_MAX_SIZE_PER_USER tasks: waits, no attempt used. */
  | { kind: 'throttled' }
  /** Redelivered while `holder` runs it under a live lease: ask it (holder-check.ts). */
  | { kind: 'held'; holder: string }
  /** Revoked while queued or while a dead worker held it. */
  | { kind: 'revoke'; attempt: number }
  /** Every allowed attempt died with its worker: ends FAILURE `worker_crashed`. */
  | { kind: 'crashed'; attempt: number };

/**
 * Claims the task for this delivery (one atomic, group-committed statement; per-user tasks
 * in a transaction that counts the user's running rows first) and says what to do.
 */
export async function beginAttempt(
  deps: WorkerDeps,
  m: JsMsg,
  envelope: Envelope,
  task: TaskDefinition,
): Promise<Begin> {
  const row = {
    id: envelope.taskId,
    name: envelope.subject,
    queue: task.queue,
    payload: task.storePayload ? envelope.body : null,
    storePayload: task.storePayload,
    userId: envelope.userId,
    correlationId: envelope.correlationId,
    parentId: envelope.parentId,
    workerId: deps.workerId,
    leaseMs: deps.limits.leaseMs,
    seq: m.seq,
    maxAttempts: task.retry.maxRetries + 1,
    // Batch tasks (page views) come from producers that write no PENDING row: their claim
    // goes straight to the statement that inserts the row.
    expectQueued: !task.batch,
  };
  const maxPerUser = deps.limits.maxPerUser;
  // Batch tasks (access logs) are not throttled per user: one user's page views are many
  // items of one call, not tasks competing for slots.
  const claim =
    envelope.userId && maxPerUser > 0 && !task.batch
      ? await claimWithinUserLimit(deps.db.ledgerSql, { ...row, userId: envelope.userId }, maxPerUser)
      : await deps.ledger.claim(row);
  switch (claim.verdict) {
    case 'throttled':
      return { kind: 'throttled' };
    case 'final':
      return { kind: 'skip', why: 'final' };
    case 'busy':
      return { kind: 'skip', why: 'duplicate' };
    case 'held':
      return { kind: 'held', holder: claim.holder ?? '' };
    case 'run':
      return { kind: 'run', attempt: claim.attempt };
    case 'revoke':
      return { kind: 'revoke', attempt: claim.attempt };
    case 'exhausted':
      return { kind: 'crashed', attempt: claim.attempt };
  }
}
