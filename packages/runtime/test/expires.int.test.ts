import { test, waitFor } from '@repowiki/testkit';
import { describe, expect } from 'vitest';
import { createHarness, sleep, testHandlers } from './harness.js';

describe('expires (Celery `expires`)', () => {
  test('a task not started by its expiry ends REVOKED `expired` unrun; one started in time runs', async ({
    nc,
    dbClient,
  }) => {
    const effects = new Map<string, number>();
    const h = createHarness(nc, dbClient, testHandlers(effects));
    // Due in 1.5 s but expiring in 0.5 s: it comes back after its expiry.
    const late = await h.client.submitAny(
      'tasks.warehouse.flaky',
      { key: 'late', failures: 0 },
      { countdownMs: 1_500, expires: new Date(Date.now() + 500) },
    );
    // Expired before any worker saw it.
    const stale = await h.client.submitAny(
      'tasks.warehouse.flaky',
      { key: 'stale', failures: 0 },
      { expires: new Date(Date.now() - 1) },
    );
    const fresh = await h.client.submitAny(
      'tasks.warehouse.flaky',
      { key: 'fresh', failures: 0 },
      { expires: new Date(Date.now() + 60_000) },
    );
    await h.startWorker();
    await expect(h.client.result(fresh, { timeoutMs: 10_000 })).resolves.toEqual({ attempts: 1 });
    for (const id of [stale, late]) {
      await waitFor(async () => (await h.client.status(id)).state === 'REVOKED', { timeoutMs: 10_000 });
      expect((await h.client.status(id)).error).toMatchObject({ code: 'expired' });
    }
    await sleep(300);
    expect(effects.get('late')).toBeUndefined();
    expect(effects.get('stale')).toBeUndefined();
    expect(effects.get('fresh')).toBe(1);
    await h.stop();
  }, 30_000);
});
