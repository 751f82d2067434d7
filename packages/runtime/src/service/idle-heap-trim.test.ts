import { getHeapStatistics } from 'node:v8';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { IdleHeapTrim } from './idle-heap-trim.js';

const MiB = 2 ** 20;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Grows the heap the way a boot or a burst does: ~200 MB allocated, most of it kept a while. */
function churn(): number {
  let keep: number[][] = [];
  let sum = 0;
  for (let i = 0; i < 250; i++) {
    keep.push(new Array(100_000).fill(i));
    if (keep.length > 120) keep = keep.slice(60);
  }
  for (const a of keep) sum += a[0] ?? 0;
  return sum;
}

/** Keeps the event loop busy for `ms`: allocation and work, as a task burst would. */
async function busyFor(ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    churn();
    await new Promise((r) => setImmediate(r));
  }
}

describe('idle heap trim', () => {
  it('gives a grown heap back once the process idles, not while it is busy, and not twice', async () => {
    const logger = pino({ level: 'silent' });
    const trim = new IdleHeapTrim({ logger, idleUtilization: 0.5 });
    await busyFor(600);
    const grown = getHeapStatistics().total_heap_size;
    expect(grown).toBeGreaterThan(100 * MiB);
    // Busy since the last check: no trim, whatever the heap.
    expect(trim.check()).toBe(false);
    expect(trim.trims).toBe(0);

    await sleep(400);
    expect(trim.check()).toBe(true);
    const trimmed = getHeapStatistics().total_heap_size;
    expect(grown - trimmed).toBeGreaterThan(50 * MiB);

    // Nothing grew since: another idle check does not trim again.
    await sleep(400);
    expect(trim.check()).toBe(false);
    expect(trim.trims).toBe(1);
  });

  it('trims again after a later burst has grown the heap', async () => {
    const trim = new IdleHeapTrim({ logger: pino({ level: 'silent' }), idleUtilization: 0.5 });
    await sleep(300);
    trim.check();
    const after = trim.trims;
    await busyFor(600);
    // The check that falls in the burst: busy, no trim; the next one, idle: trim.
    expect(trim.check()).toBe(false);
    await sleep(400);
    expect(trim.check()).toBe(true);
    expect(trim.trims).toBe(after + 1);
  });

  it('does not trim while tasks start or finish, even with a quiet event loop', async () => {
    let done = 0;
    const trim = new IdleHeapTrim({ logger: pino({ level: 'silent' }), activity: () => done });
    await busyFor(300);
    trim.check();
    await sleep(300);
    done += 1; // a task finished since the last check
    expect(trim.check()).toBe(false);
    await sleep(300);
    expect(trim.check()).toBe(true);
  });
});
