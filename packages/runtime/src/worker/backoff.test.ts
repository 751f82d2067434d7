import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './backoff.js';

const policy = { maxRetries: 10, backoffMs: 1_000, backoffMaxMs: 60_000 };

describe('retryDelayMs (full jitter)', () => {
  it('is random(0, min(cap, base * 2^(n-1)))', () => {
    expect(retryDelayMs(policy, 1, 0)).toBe(0);
    expect(retryDelayMs(policy, 1, 0.5)).toBe(500);
    expect(retryDelayMs(policy, 3, 0.5)).toBe(2_000);
    expect(retryDelayMs(policy, 20, 0.999_999)).toBe(59_999);
    expect(retryDelayMs(policy, 20, 0.5)).toBe(30_000);
  });

  it('spreads the retries of many tasks that failed together over the whole window', () => {
    // 10,000 tasks fail in one outage, all on their 4th attempt: window min(60 s, 8 s) = 8 s.
    const n = 10_000;
    const window = 8_000;
    const delays = Array.from({ length: n }, () => retryDelayMs(policy, 4, Math.random()));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThan(window);
    // Ten equal slices of the window each get about a tenth (binomial sd ≈ 0.3 %; ±3 % is ~10 sd).
    const buckets = new Array(10).fill(0);
    for (const d of delays) buckets[Math.floor((d / window) * 10)]++;
    for (const b of buckets) {
      expect(b / n).toBeGreaterThan(0.07);
      expect(b / n).toBeLessThan(0.13);
    }
    // No one instant takes a crowd: at most a few tasks share any millisecond.
    const perMs = new Map<number, number>();
    for (const d of delays) perMs.set(d, (perMs.get(d) ?? 0) + 1);
    expect(Math.max(...perMs.values())).toBeLessThan(12);
  });
});
