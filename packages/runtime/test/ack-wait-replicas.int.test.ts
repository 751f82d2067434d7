import { test } from '@repowiki/testkit';
import { describe, expect } from 'vitest';
import { createHarness, sleep, testHandlers } from './harness.js';

/**
 * Replicas share one consumer, and each one's start updates its ack wait: the last to
 * start wins (a redeploy that shortens it, replicas with different settings). A replica
 * that heartbeats on its own, longer, setting would have its deliveries redelivered while
 * it still runs them.
 */
describe('ack wait across replicas', () => {
  test('a replica started later with a shorter ack wait: the earlier one heartbeats on it and its task runs once', async ({
    nc,
    dbClient,
  }) => {
    const effects = new Map<string, number>();
    const h = createHarness(nc, dbClient, testHandlers(effects));
    // Alone, it would heartbeat every 2 s.
    await h.startWorker({ ackWaitMs: 6_000 });
    // Sets the consumer's ack wait to 0.9 s, then leaves the queue to the first replica.
    const later = await h.startWorker({ ackWaitMs: 900 });
    await later.stop(1_000);
    const id = await h.client.submitAny('tasks.warehouse.slow', { key: 'short-wait', ms: 2_500 });
    await expect(h.client.result(id, { timeoutMs: 8_000 })).resolves.toEqual({ key: 'short-wait' });
    // Time for a redelivered copy, had there been one, to have run as well.
    await sleep(500);
    expect(effects.get('short-wait')).toBe(1);
    expect((await h.client.status(id)).attempts).toBe(1);
    await h.stop();
  });
});
