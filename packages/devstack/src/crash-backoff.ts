/**
 * How long `pnpm dev` waits before starting a crashed service again: 1 s, 2 s, 4 s … capped
 * at 30 s, back to 1 s once the service had stayed up for a minute. A service that crashes at
 * boot (a broken import, a database that is not there yet) is retried without flooding the
 * terminal; one that crashed after a long run comes back at once.
 */
export interface BackoffOptions {
  /** @default 1_000 (1 s) */
  initialMs?: number;
  /** @default 30_000 (30 s) */
  maxMs?: number;
  /** An uptime this long forgets earlier crashes. @default 60_000 (1 min) */
  resetAfterMs?: number;
}

export class CrashBackoff {
  private crashes = 0;
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly resetAfterMs: number;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 1_000;
    this.maxMs = options.maxMs ?? 30_000;
    this.resetAfterMs = options.resetAfterMs ?? 60_000;
  }

  /** A crash after `uptimeMs` of running: the delay before the next start, ms. */
  next(uptimeMs: number): number {
    if (uptimeMs >= this.resetAfterMs) this.crashes = 0;
    const delay = Math.min(this.initialMs * 2 ** this.crashes, this.maxMs);
    this.crashes += 1;
    return delay;
  }

  /** Crashes in a row so far (1 after the first). */
  get count(): number {
    return this.crashes;
  }

  /** A deliberate restart (a source change) starts the count afresh. */
  reset(): void {
    this.crashes = 0;
  }
}
