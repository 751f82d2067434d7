import { test, waitFor } from '@repowiki/testkit';
import { describe, expect } from 'vitest';
import type { TaskContext } from '../src/context.js';
import { createHarness, sleep, testHandlers } from './harness.js';

/** Polls (every ms) until the in-process worker runs `id`. */
async function untilRunning(w: { active: Map<string, unknown> }, id: () => string): Promise<void> {
  for (let i = 0; i < 5_000 && !w.active.has(id()); i++) await sleep(1);
}

describe('durable revoke', () => {
  test('a revoke whose broadcast is lost, in the first moments of an attempt: aborted, REVOKED, no effect', async ({
    nc,
    dbClient,
  }) => {
    const effects = new Map<string, number>();
    const h = createHarness(nc, dbClient, testHandlers(effects));
    const w = await h.startWorker();
    let id = '';
    const submitted = h.client.submitAny('tasks.warehouse.slow', { key: 'rv', ms: 6_000 }).then((x) => {
      id = x;
    });
    await submitted;
    await untilRunning(w, () => id);
    const t0 = Date.now();
    // Only the ledger flag: what a revoke is when its core-NATS broadcast is lost.
    await h.client.ledger.requestRevoke(id);
    await waitFor(async () => (await h.client.status(id)).state === 'REVOKED', { timeoutMs: 5_000 });
    // Polled every 500 ms: well before the handler's 6 s (slack for a loaded machine).
    expect(Date.now() - t0).toBeLessThan(5_000);
    await sleep(6_000 - (Date.now() - t0) + 300);
    // The slow handler records its effect only when it completes: it was aborted.
    expect(effects.get('rv')).toBeUndefined();
    expect((await h.client.status(id)).state).toBe('REVOKED');
    await h.stop();
  });

  test('a handler that ignores the revoke and completes is SUCCESS, never REVOKED', async ({
    nc,
    dbClient,
  }) => {
    let done = 0;
    const h = createHarness(nc, dbClient, {
      ...testHandlers(new Map()),
      'tasks.warehouse.echo': async (p: unknown, _ctx: TaskContext) => {
        await sleep(600);
        done++;
        return { value: (p as { value: string }).value };
      },
    });
    const w = await h.startWorker();
    let id = '';
    await h.client.submitAny('tasks.warehouse.echo', { value: 'stubborn' }).then((x) => {
      id = x;
    });
    await untilRunning(w, () => id);
    await h.client.revoke(id);
    await waitFor(async () => ['SUCCESS', 'REVOKED', 'FAILURE'].includes((await h.client.status(id)).state), {
      timeoutMs: 5_000,
    });
    expect(done).toBe(1);
    expect(await h.client.status(id)).toMatchObject({ state: 'SUCCESS', result: { value: 'stubborn' } });
    await h.stop();
  });
});
