import type { JsMsg } from '@nats-io/jetstream';
import type { TaskDefinition } from '@repowiki/contracts';
import type { Envelope } from './decode.js';
import type { WorkerDeps } from './worker-deps.js';

/** Why a valid delivery is put aside instead of run now. */
export type Deferral =
  /** Countdown/eta not reached, or a retry's backoff: run again at `at`. */
  | { kind: 'due'; at: Date }
  /** Its user already runs TASK_MAX_SIZE_PER_USER tasks: run when one of them ends. */
  | { kind: 'throttled'; userId: string; delayMs: number };

/**
 * The one place a delivery waits: countdown/eta tasks, retry backoffs and per-user
 * throttling all come through here.
 *
 * Today this naks with a delay, which keeps the message in the consumer's ack-pending window
 * (issue 11, defect 1): the parking implementation replaces it.
 */
export async function deferDelivery(
  _deps: WorkerDeps,
  m: JsMsg,
  _envelope: Envelope,
  _task: TaskDefinition,
  deferral: Deferral,
): Promise<void> {
  const delayMs =
    deferral.kind === 'due' ? Math.max(0, deferral.at.getTime() - Date.now()) : deferral.delayMs;
  m.nak(Math.min(delayMs, 3_600_000));
}
