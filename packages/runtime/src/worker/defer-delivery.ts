import type { JsMsg } from '@nats-io/jetstream';
import type { TaskDefinition } from '@repowiki/contracts';
import type { Envelope } from './decode.js';
import type { WorkerDeps } from './worker-deps.js';

/** Why a valid delivery is put aside instead of run now. */
export type Deferral =
  /** Countdown/eta not reached, or a retry's backoff: run again at `at`. */
  | { kind: 'due'; at: Date }
  /**
   * Its user already runs TASK_MAX_SIZE_PER_USER tasks: run when one of them ends.
   * `delayMs` is unused since deliveries are parked (kept for the callers' shape).
   */
  | { kind: 'throttled'; userId: string; delayMs: number };

/**
 * The one place a delivery waits: countdown/eta tasks, retry backoffs and per-user
 * throttling all come through here. The message is parked in `task_timers` and acked once
 * the row is committed (see timers/timers.ts), so a waiting task never holds a place in the
 * consumer's ack-pending window (issue 11, defect 1) and costs nothing while it waits
 * (defect 2). The timers' releaser publishes it back when it is due, or when its user has
 * a free slot. No attempt is counted here.
 *
 * Rejects when the row cannot be written (database down): the caller leaves the message
 * to be redelivered.
 */
export async function deferDelivery(
  deps: WorkerDeps,
  m: JsMsg,
  envelope: Envelope,
  _task: TaskDefinition,
  deferral: Deferral,
): Promise<void> {
  if (deferral.kind === 'due') {
    await deps.timers.park(m, envelope.taskId, envelope.userId, 'due', deferral.at);
  } else {
    await deps.timers.park(m, envelope.taskId, deferral.userId, 'throttled', new Date());
  }
}
