import { jetstream } from '@nats-io/jetstream';
import { test } from '@repowiki/testkit';
import { describe, expect } from 'vitest';
import { readDlq } from './dlq-reader.js';
import { createHarness, sleep, testHandlers } from './harness.js';

/** ack_wait of these tests: a terminated message that the server ignored comes back after it. */
const ACK_WAIT_MS = 1_000;

describe('dead-lettered messages leave the consumer (nats-server 2.9 ignores term(reason))', () => {
  test('non-JSON published by hand: one DLQ entry, no redelivery, nothing ack-pending', async ({
    nc,
    jsm,
    dbClient,
  }) => {
    const h = createHarness(nc, dbClient, testHandlers(new Map()), { ackWaitMs: ACK_WAIT_MS });
    const w = await h.startWorker();
    await jetstream(nc).publish(`${h.namespace}.tasks.warehouse.echo`, 'not json at all');
    await sleep(3.5 * ACK_WAIT_MS);
    const dlq = await readDlq(jsm, w.topology.dlqStream);
    expect(dlq.map((e) => e.code)).toEqual(['invalid_json']);
    const info = await jsm.consumers.info(
      w.topology.taskStream('warehouse'),
      w.topology.consumer('warehouse'),
    );
    expect(info.num_ack_pending).toBe(0);
    expect(info.num_redelivered).toBe(0);
    await h.stop();
  });

  test('a non-retriable failure runs once and is never delivered again', async ({ nc, jsm, dbClient }) => {
    const effects = new Map<string, number>();
    const h = createHarness(nc, dbClient, testHandlers(effects), { ackWaitMs: ACK_WAIT_MS });
    const w = await h.startWorker();
    await h.client.submitAny('tasks.warehouse.refuse', { key: 'r1' });
    await sleep(3.5 * ACK_WAIT_MS);
    expect(effects.get('r1')).toBe(1);
    expect(w.counters.skipped).toBe(0);
    expect((await readDlq(jsm, w.topology.dlqStream)).length).toBe(1);
    const info = await jsm.consumers.info(
      w.topology.taskStream('warehouse'),
      w.topology.consumer('warehouse'),
    );
    expect(info.num_ack_pending).toBe(0);
    expect(info.num_redelivered).toBe(0);
    await h.stop();
  });
});
