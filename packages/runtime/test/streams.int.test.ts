import { AckPolicy, RetentionPolicy, StorageType } from '@nats-io/jetstream';
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

describe('stream settings (NATS_STREAM_*, EVENTS/DLQ limits)', () => {
  test('are applied at creation and updated in place on existing streams; unset leaves them', async ({
    jsm,
  }) => {
    const ns = uniqueName('ss');
    await ensureStreams(jsm, new Topology(ns, {}));
    const limited = new Topology(ns, {
      NATS_EVENTS_MAX_AGE_MS: 3_600_000,
      NATS_EVENTS_MAX_BYTES: 10_000_000,
      NATS_DLQ_MAX_BYTES: 20_000_000,
    });
    await ensureStreams(jsm, limited);
    expect((await jsm.streams.info(limited.eventsStream)).config).toMatchObject({
      max_age: 3_600_000 * NS,
      max_bytes: 10_000_000,
    });
    expect((await jsm.streams.info(limited.dlqStream)).config).toMatchObject({
      max_age: 30 * 86_400_000 * NS,
      max_bytes: 20_000_000,
    });
    // A process without the variables keeps what the other set (no tug of war over max_bytes).
    await ensureStreams(jsm, new Topology(ns, { NATS_EVENTS_MAX_AGE_MS: 3_600_000 }));
    expect((await jsm.streams.info(limited.eventsStream)).config.max_bytes).toBe(10_000_000);
    for (const s of limited.streams()) await jsm.streams.delete(s.name);
  });

  test('storage is chosen at creation; an existing stream keeps its own', async ({ jsm }) => {
    const ns = uniqueName('sm');
    const memory = new Topology(ns, { NATS_STREAM_STORAGE: 'memory' });
    await ensureStreams(jsm, memory, [memory.taskStream('warehouse')]);
    expect((await jsm.streams.info(memory.taskStream('warehouse'))).config.storage).toBe(StorageType.Memory);
    // JetStream cannot change storage: the start-up goes on with the stream as it is.
    const file = new Topology(ns, { NATS_STREAM_STORAGE: 'file' });
    await ensureStreams(jsm, file, [file.taskStream('warehouse')]);
    expect((await jsm.streams.info(file.taskStream('warehouse'))).config.storage).toBe(StorageType.Memory);
    await jsm.streams.delete(file.taskStream('warehouse'));
  });

  test('3 replicas on a single server fail, naming NATS_STREAM_REPLICAS', async ({ jsm }) => {
    const topology = new Topology(uniqueName('r3'), { NATS_STREAM_REPLICAS: 3 });
    await expect(ensureStreams(jsm, topology, [topology.taskStream('warehouse')])).rejects.toThrow(
      /stream .*TASKS_WAREHOUSE with NATS_STREAM_REPLICAS=3: /,
    );
  });
});
