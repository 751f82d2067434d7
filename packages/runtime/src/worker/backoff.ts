import type { RetryPolicy } from '@repowiki/contracts';

/**
 * Delay before retry number `attempt` (1 = the first retry), with full jitter:
 * `random(0, min(cap, base * 2^(attempt-1)))`. Without the draw, every task that failed in
 * the same outage would come back at the same instant and fail together again (AWS
 * Architecture Blog, "Exponential Backoff And Jitter"). `random` is a uniform draw in [0, 1)
 * made by the caller, so this stays pure.
 */
export function retryDelayMs(policy: RetryPolicy, attempt: number, random: number): number {
  return Math.floor(random * Math.min(policy.backoffMaxMs, policy.backoffMs * 2 ** Math.max(0, attempt - 1)));
}
