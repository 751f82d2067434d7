import { isInfrastructureError } from './infrastructure-error.js';
import type { WorkerDeps } from './worker-deps.js';

/**
 * How often a worker re-reads the revoke flags of its running attempts (one batched query),
 * so a revoke holds even when its core-NATS broadcast was lost (sent before the attempt
 * registered, or during a reconnect). @default 500 ms
 */
export const REVOKE_POLL_MS = 500;

const watching = new WeakMap<WorkerDeps, NodeJS.Timeout>();

/**
 * Starts (once per worker) the watch over its running attempts: aborts those whose revoke
 * was requested, and extends every running attempt's lease every third of its length (the
 * claim refuses other messages of a task while its lease is alive). Its query doubles as
 * the worker's probe of the database: one that fails with an infrastructure error, or stays
 * unanswered for `reachability.unansweredMs`, marks the database unreachable. The timer
 * stops itself when the worker runs nothing.
 */
export function watchRunningAttempts(deps: WorkerDeps): void {
  if (watching.has(deps)) return;
  let renewedAt = Date.now();
  let inFlight = false;
  let queryStartedAt = 0;
  const timer = setInterval(() => {
    if (deps.active.size === 0) {
      clearInterval(timer);
      watching.delete(deps);
      return;
    }
    if (inFlight) {
      const now = Date.now();
      if (now - queryStartedAt >= deps.reachability.unansweredMs) deps.reachability.noteUnreachable(now);
      return;
    }
    inFlight = true;
    queryStartedAt = Date.now();
    const renew = Date.now() - renewedAt >= deps.limits.leaseMs / 3;
    const rows = [...deps.active.values()].map((a) => ({ id: a.taskId, attempt: a.attempt }));
    deps.ledger
      .watchRunning(rows, renew ? deps.limits.leaseMs : undefined)
      .then((revoked) => {
        if (renew) renewedAt = Date.now();
        for (const id of revoked) deps.active.get(id)?.abort('revoked');
      })
      .catch((e: unknown) => {
        if (isInfrastructureError(e)) deps.reachability.noteUnreachable();
        deps.logger.warn({ err: e }, 'running attempts check failed');
      })
      .finally(() => {
        inFlight = false;
      });
  }, REVOKE_POLL_MS);
  timer.unref();
  watching.set(deps, timer);
}
