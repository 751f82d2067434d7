import { describe, expect, it } from 'vitest';
import { CrashBackoff } from './crash-backoff.js';

describe('CrashBackoff', () => {
  it('doubles from 1 s and stops at 30 s while the service keeps crashing at boot', () => {
    const backoff = new CrashBackoff();
    const delays = Array.from({ length: 8 }, () => backoff.next(500));
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
    expect(backoff.count).toBe(8);
  });

  it('forgets the crashes once the service stayed up for a minute', () => {
    const backoff = new CrashBackoff();
    backoff.next(100);
    backoff.next(100);
    expect(backoff.next(59_999)).toBe(4_000);
    expect(backoff.next(60_000)).toBe(1_000);
    expect(backoff.next(10)).toBe(2_000);
  });

  it('starts afresh after a deliberate restart, and takes other bounds', () => {
    const backoff = new CrashBackoff({ initialMs: 100, maxMs: 250, resetAfterMs: 1_000 });
    expect([backoff.next(0), backoff.next(0), backoff.next(0)]).toEqual([100, 200, 250]);
    backoff.reset();
    expect(backoff.next(0)).toBe(100);
  });
});
