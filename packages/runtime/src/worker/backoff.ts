import type { RetryPolicy } from '@repowiki/contracts';

/** Delay before retry number `attempt` (1 = the first retry): exponential, capped. */
export function retryDelayMs(policy: RetryPolicy, attempt: number): number {
  const exp = policy.backoffMs * 2 ** Math.max(0, attempt - 1);
  return Math.min(exp, policy.backoffMaxMs);
}
