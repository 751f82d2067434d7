/**
 * A ledger query unanswered this long means the database is unreachable (restarting,
 * failing over, partitioned): postgres.js queues queries while it reconnects, so an outage
 * shows up as a wait rather than an error. @default 5_000 ms
 */
export const DEFAULT_UNANSWERED_MS = 5_000;

/**
 * When this worker last saw its database unreachable: a query of the running-attempts watch
 * (every 500 ms while anything runs) that failed with an infrastructure error or stayed
 * unanswered for `unansweredMs`. Settling reads it: a hard time limit that passed while the
 * database did not answer is an outage, not the task's failure (issue 11, defect 17).
 */
export class LedgerReachability {
  private lastUnreachableAt = Number.NEGATIVE_INFINITY;

  constructor(readonly unansweredMs = DEFAULT_UNANSWERED_MS) {}

  noteUnreachable(nowMs = Date.now()): void {
    this.lastUnreachableAt = Math.max(this.lastUnreachableAt, nowMs);
  }

  /** The database was seen unreachable at some moment at or after `sinceMs`. */
  unreachableSince(sinceMs: number): boolean {
    return this.lastUnreachableAt >= sinceMs;
  }
}
