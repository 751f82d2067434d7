import { test, waitFor } from '@repowiki/testkit';
import { describe, expect } from 'vitest';
import type { BatchContext } from '../src/context.js';
import { NonRetriableError, RetryAfterError } from '../src/errors.js';
import type { SettledAttempt } from '../src/worker/worker-deps.js';
import { readDlq } from './dlq-reader.js';
import { createHarness, sleep, testHandlers } from './harness.js';

type Mode = 'ok' | 'refuse' | 'retry-after' | 'hang';
type BulkItem = { taskId: string; payload: { key: string; mode: Mode } };

/**
 * Batch tasks go through the same claim, limits and settle as single tasks (issue 11,
 * defect 7): one outcome per batch, applied to each item through decide().
 */
function bulkHarness(nc: Parameters<typeof createHarness>[0], db: Parameters<typeof createHarness>[1]) {
  const effects = new Map<string, number>();
  const seen: string[][] = [];
  const calledAt = new Map<string, number[]>();
  const hung: AbortSignal[] = [];
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => {
    release = r;
  });
  const bulk = async (items: readonly BulkItem[], ctx: BatchContext) => {
    seen.push(items.map((i) => i.payload.key));
    for (const i of items) calledAt.set(i.payload.key, [...(calledAt.get(i.payload.key) ?? []), Date.now()]);
    const calls = items.map((i) => {
      const n = (effects.get(i.payload.key) ?? 0) + 1;
      effects.set(i.payload.key, n);
      return n;
    });
    const mode = items[0]!.payload.mode;
    if (mode === 'refuse') throw new NonRetriableError('refused: bad batch', { code: 'bad_batch' });
    if (mode === 'retry-after' && calls.some((n) => n === 1)) throw new RetryAfterError(500);
    if (mode === 'hang') {
      // Ignores its signal: only the test lets it go.
      hung.push(ctx.signal);
      await gate;
    }
  };
  const settled: SettledAttempt[] = [];
  const h = createHarness(nc, db, { ...testHandlers(new Map()), 'tasks.warehouse.bulk': bulk as never });
  return { h, effects, seen, calledAt, hung, release: () => release(), gate, settled };
}

const submitBulk = (h: ReturnType<typeof createHarness>, mode: Mode, keys: string[]) =>
  Promise.all(keys.map((key) => h.client.submitAny('tasks.warehouse.bulk', { key, mode })));

describe('batch tasks settle like single tasks', () => {
  test('NonRetriableError: each item FAILURE once, one DLQ entry each, no retry', async ({
    nc,
    jsm,
    dbClient,
  }) => {
    const b = bulkHarness(nc, dbClient);
    await b.h.startWorker();
    const ids = await submitBulk(b.h, 'refuse', ['r1', 'r2', 'r3']);
    for (const id of ids) {
      await waitFor(async () => (await b.h.client.status(id)).state === 'FAILURE', { timeoutMs: 5_000 });
      expect(await b.h.client.status(id)).toMatchObject({
        attempts: 1,
        error: { name: 'NonRetriableError', code: 'bad_batch' },
      });
    }
    await sleep(500);
    expect([...b.effects.values()]).toEqual([1, 1, 1]);
    const dlq = await readDlq(jsm, b.h.client.topology.dlqStream);
    expect(dlq.map((d) => d.taskId).sort()).toEqual([...ids].sort());
    expect(dlq.map((d) => d.code)).toEqual(['non_retriable', 'non_retriable', 'non_retriable']);
    await b.h.stop();
  });

  test('RetryAfterError: the items run again after its delay; RETRY then SUCCESS, attempts 2', async ({
    nc,
    dbClient,
  }) => {
    const b = bulkHarness(nc, dbClient);
    await b.h.startWorker({ onSettled: (s) => b.settled.push(s) });
    const ids = await submitBulk(b.h, 'retry-after', ['a1', 'a2', 'a3']);
    for (const id of ids) {
      await waitFor(async () => (await b.h.client.status(id)).state === 'SUCCESS', { timeoutMs: 5_000 });
      expect((await b.h.client.status(id)).attempts).toBe(2);
      const mine = b.settled.filter((s) => s.taskId === id);
      expect(mine.map((s) => `${s.state} ${s.attempt}`)).toEqual(['RETRY 1', 'SUCCESS 2']);
    }
    // The second run waited the handler's 500 ms, not the catalog's 100 ms backoff.
    for (const key of ['a1', 'a2', 'a3']) {
      const [first, second] = b.calledAt.get(key)!;
      expect(second! - first!).toBeGreaterThanOrEqual(450);
    }
    expect([...b.effects.values()]).toEqual([2, 2, 2]);
    await b.h.stop();
  });

  test('a hung batch handler gets its signal and does not block the worker; its items end time_limit once it returns', async ({
    nc,
    dbClient,
  }) => {
    const b = bulkHarness(nc, dbClient);
    await b.h.startWorker();
    const hungIds = await submitBulk(b.h, 'hang', ['h1', 'h2', 'h3', 'h4']);
    // The soft limit (200 ms) aborts the batch's signal.
    await waitFor(() => b.hung[0]?.aborted, { timeoutMs: 2_000 });
    // Other batches of the same task and other tasks still run meanwhile.
    const okIds = await submitBulk(b.h, 'ok', ['o1', 'o2', 'o3', 'o4']);
    const echo = await b.h.client.submitAny('tasks.warehouse.echo', { value: 'e' });
    await expect(b.h.client.result(echo, { timeoutMs: 3_000 })).resolves.toEqual({ value: 'e' });
    for (const id of okIds)
      await waitFor(async () => (await b.h.client.status(id)).state === 'SUCCESS', { timeoutMs: 3_000 });
    // Past its hard limit (400 ms), the hung batch still holds its items: nothing is final
    // while its handler may still write.
    for (const id of hungIds) expect((await b.h.client.status(id)).state).toBe('STARTED');
    b.release();
    for (const id of hungIds) {
      await waitFor(async () => (await b.h.client.status(id)).state === 'FAILURE', { timeoutMs: 3_000 });
      expect((await b.h.client.status(id)).error).toMatchObject({ code: 'time_limit' });
    }
    expect(b.hung).toHaveLength(1);
    await b.h.stop();
  });

  test('a revoked item never reaches the batch handler', async ({ nc, dbClient }) => {
    const b = bulkHarness(nc, dbClient);
    const ids = await submitBulk(b.h, 'ok', ['k1', 'k2', 'k3']);
    expect(await b.h.client.revoke(ids[1]!)).toBe('REVOKED');
    await b.h.startWorker();
    for (const id of [ids[0]!, ids[2]!])
      await waitFor(async () => (await b.h.client.status(id)).state === 'SUCCESS', { timeoutMs: 5_000 });
    await sleep(300);
    expect(b.seen.flat().sort()).toEqual(['k1', 'k3']);
    expect((await b.h.client.status(ids[1]!)).state).toBe('REVOKED');
    await b.h.stop();
  });
});
