import type { JsMsg } from '@nats-io/jetstream';
import type { DlqCode, TaskDefinition } from '@repowiki/contracts';
import type { DeadLetterPart } from '../context.js';
import { deadLetter, terminate } from './dead-letter.js';
import { decide, type Outcome } from './decide.js';
import type { Envelope } from './decode.js';
import { notifySettled } from './settle.js';
import type { WorkerDeps } from './worker-deps.js';

/**
 * Settling for tasks declared `ledger: false` (access logs): no `task_runs` row is read or
 * written. JetStream's delivery is the only record, so the order is what makes it safe (MUST):
 * - the handler's transaction commits, THEN the parts it dead-lettered are stored in the DLQ,
 *   THEN the message is acked. A crash anywhere before the ack redelivers the message; the
 *   handler's unique key drops what the commit already stored and the DLQ's duplicate window
 *   drops a part entry it already has (deterministic msg id), so nothing is lost or doubled;
 * - a failed call is retried with the task's backoff (nak with a delay) while the delivery
 *   count allows, then the whole message is dead-lettered once and terminated.
 * Attempts are JetStream's delivery count: deliveries handed back by a shutdown or an outage
 * count too (there is no ledger to count only real attempts).
 */
export async function settleUnledgered(
  deps: WorkerDeps,
  input: { m: JsMsg; envelope: Envelope; task: TaskDefinition; attempt: number; startedAt: number },
  committed: boolean,
  outcome: Outcome,
): Promise<void> {
  const { m, envelope, task, attempt, startedAt } = input;
  const now = Date.now();
  const durationMs = now - startedAt;
  const d = committed
    ? ({ kind: 'ack', value: null } as const)
    : decide(outcome, task, {
        attempt,
        revokeRequested: false,
        nowMs: now,
        random: Math.random(),
        // As for ledgered tasks: a hard limit that passed while the database did not answer
        // is the outage's time, not the call's failure (it would dead-letter page views).
        outageDuringAttempt: deps.reachability.unreachableSince(startedAt),
      });
  switch (d.kind) {
    case 'ack':
      m.ack();
      deps.counters.succeeded++;
      deps.metrics?.completed.inc({ task: task.subject, outcome: 'success' });
      notifySettled(deps, envelope.taskId, task.subject, attempt, 'SUCCESS', durationMs);
      return;
    case 'retry':
    case 'outage':
      m.nak(Math.max(0, d.atMs - now));
      deps.counters.retried++;
      deps.metrics?.completed.inc({ task: task.subject, outcome: 'retry' });
      notifySettled(deps, envelope.taskId, task.subject, attempt, 'RETRY', durationMs);
      return;
    case 'requeue':
      m.nak();
      return;
    case 'fail':
      await rejectUnledgered(deps, m, envelope, task, d.code, d.error.message, attempt);
      return;
    case 'revoke':
      // Never decided here (no revoke without a ledger row); ending it is still safe.
      terminate(m, deps.nc, 'revoked');
      return;
  }
}

/** Bad input or an exhausted message of a `ledger: false` task: one DLQ entry, terminated, no ledger row. */
export async function rejectUnledgered(
  deps: WorkerDeps,
  m: JsMsg,
  envelope: Envelope,
  task: TaskDefinition,
  code: DlqCode,
  reason: string,
  attempt = 0,
): Promise<void> {
  await deadLetter(deps.js, deps.topology, m, {
    queue: task.queue,
    task: task.name,
    catalogSubject: envelope.subject,
    taskId: envelope.taskId,
    code,
    reason,
    attempts: attempt,
  });
  terminate(m, deps.nc, code);
  deps.counters.deadLettered++;
  deps.metrics?.deadLetters.inc({ task: task.subject, code });
  notifySettled(deps, envelope.taskId, task.subject, attempt, 'FAILURE', 0);
  deps.logger.warn(
    { taskId: envelope.taskId, subject: envelope.subject, code, reason },
    'message dead-lettered',
  );
}

/**
 * Stores one part of a message (one bad entry of a batched message) in the DLQ with its
 * reason, the message's headers and the part's own bytes. Its msg id is
 * `dlq:<taskId>#<index>`: the same part of a redelivered message is dropped as a duplicate.
 */
export async function deadLetterPart(
  deps: WorkerDeps,
  m: JsMsg,
  envelope: Envelope,
  task: TaskDefinition,
  part: DeadLetterPart,
): Promise<void> {
  const code = part.code ?? 'invalid_payload';
  await deadLetter(deps.js, deps.topology, m, {
    queue: task.queue,
    task: task.name,
    catalogSubject: envelope.subject,
    taskId: envelope.taskId,
    code,
    reason: part.reason,
    attempts: 0,
    part: { index: part.index, data: part.data },
  });
  deps.counters.deadLettered++;
  deps.metrics?.deadLetters.inc({ task: task.subject, code });
  deps.logger.warn(
    { taskId: envelope.taskId, part: part.index, subject: envelope.subject, code, reason: part.reason },
    'part of a message dead-lettered',
  );
}
