import { test, waitFor } from '@repowiki/testkit';
import { describe, expect } from 'vitest';
import { ensureStream } from '../src/nats/ensure-streams.js';
import { readDlq } from './dlq-reader.js';
import { createHarness, sleep, testHandlers } from './harness.js';

describe('DLQ entry and failed event exactly once', () => {
  test('the DLQ stream is gone when a task fails: the outcome waits for it, one entry, one event, one run', async ({
    nc,
    jsm,
    dbClient,
  }) => {
    const effects = new Map<string, number>();
    const h = createHarness(nc, dbClient, testHandlers(effects), { ackWaitMs: 1_000 });
    const w = await h.startWorker();
    // A real fault: the DLQ stream is deleted (an operator mistake, a lost R1 stream).
    await jsm.streams.delete(w.topology.dlqStream);
    const id = await h.client.submitAny('tasks.warehouse.refuse', { key: 'nodlq' });
    await waitFor(() => effects.get('nodlq') === 1);
    await sleep(1_500);
    expect((await h.client.status(id)).state).not.toBe('FAILURE');
    // Only the DLQ stream comes back (updating the task stream would disturb the consumer).
    await ensureStream(jsm, w.topology.streams().find((s) => s.name === w.topology.dlqStream)!);
    await waitFor(async () => (await h.client.status(id)).state === 'FAILURE', { timeoutMs: 8_000 });
    await sleep(1_500);
    expect(effects.get('nodlq')).toBe(1);
    const dlq = await readDlq(jsm, w.topology.dlqStream);
    expect(dlq.map((e) => [e.taskId, e.code])).toEqual([[id, 'non_retriable']]);
    const events = (await readDlq(jsm, w.topology.eventsStream)).filter((e) => e.subject.endsWith('.failed'));
    expect(events.filter((e) => (JSON.parse(e.data) as { taskId: string }).taskId === id)).toHaveLength(1);
    await h.stop();
  });
});
