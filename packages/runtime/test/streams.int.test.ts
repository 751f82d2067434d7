import { AckPolicy, RetentionPolicy } from '@nats-io/jetstream';
import { QUEUES } from '@repowiki/contracts';
import { test, uniqueName } from '@repowiki/testkit';
import { describe, expect } from 'vitest';
import { ensureStreams, ensureWorkerConsumer } from '../src/nats/ensure-streams.js';
import { Topology } from '../src/nats/topology.js';

const NS = 1_000_000;

describe('stream and consumer definitions', () => {
  test('are created idempotently with the declared retention, subjects and limits', async ({ jsm }) => {
    const topology = new Topology(uniqueName('st'));
    // Twice, and twice at once (replicas booting together): the same result, no error.
    await ensureStreams(jsm, topology);
    await Promise.all([ensureStreams(jsm, topology), ensureStreams(jsm, topology)]);
    const p = topology.subjectPrefix;
    for (const queue of QUEUES) {
      const info = await jsm.streams.info(topology.taskStream(queue));
      expect(info.config).toMatchObject({
        subjects: [`${p}tasks.${queue}.>`],
        retention: RetentionPolicy.Workqueue,
        duplicate_window: 120_000 * NS,
      });
    }
    const events = await jsm.streams.info(topology.eventsStream);
    expect(events.config).toMatchObject({
      subjects: [`${p}events.>`],
      retention: RetentionPolicy.Limits,
      max_age: 7 * 86_400_000 * NS,
    });
    const dlq = await jsm.streams.info(topology.dlqStream);
    expect(dlq.config).toMatchObject({
      subjects: [`${p}dlq.>`],
      retention: RetentionPolicy.Limits,
      max_age: 30 * 86_400_000 * NS,
    });

    const first = await ensureWorkerConsumer(jsm, topology, 'warehouse', {
      ackWaitMs: 5_000,
      maxAckPending: 50,
    });
    const again = await ensureWorkerConsumer(jsm, topology, 'warehouse', {
      ackWaitMs: 7_000,
      maxAckPending: 60,
    });
    expect(again).toEqual(first);
    const consumer = await jsm.consumers.info(first.stream, first.consumer);
    expect(consumer.config).toMatchObject({
      durable_name: 'warehouse-worker',
      ack_policy: AckPolicy.Explicit,
      filter_subject: `${p}tasks.warehouse.>`,
      max_deliver: -1,
      // Updated in place by the second call (a config change on redeploy).
      ack_wait: 7_000 * NS,
      max_ack_pending: 60,
    });
    for (const s of topology.streams()) await jsm.streams.delete(s.name);
  });
});
