import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { test, uniqueName } from '@repowiki/testkit';
import { Registry } from 'prom-client';
import { describe, expect } from 'vitest';
import { ensureStreams, ensureWorkerConsumer } from '../src/nats/ensure-streams.js';
import { Topology } from '../src/nats/topology.js';
import { QueueGauges } from '../src/queue-gauges.js';
import { StallingProxy } from './stalling-proxy.js';

const sample = (text: string, name: string) => {
  const m = text.match(new RegExp(`^${name}\\{queue="warehouse"\\} (\\S+)$`, 'm'));
  return m ? Number(m[1]) : undefined;
};

describe('queue gauges on /metrics', () => {
  test("report depth, consumer lag (pending + ack pending) and the queue's dead letters, cached", async ({
    nc,
    jsm,
  }) => {
    const topology = new Topology(uniqueName('qg'), {});
    await ensureStreams(jsm, topology);
    await ensureWorkerConsumer(jsm, topology, 'warehouse');
    const js = jetstream(nc);
    for (let i = 0; i < 5; i++) await js.publish(topology.subject('tasks.warehouse.echo'), '{}');
    // Two delivered and held (a worker running them), three waiting.
    const consumer = await js.consumers.get(topology.taskStream('warehouse'), topology.consumer('warehouse'));
    const held = await consumer.fetch({ max_messages: 2, expires: 2_000 });
    let n = 0;
    for await (const _ of held) if (++n === 2) break;
    await js.publish(topology.subject('dlq.warehouse.tasks.warehouse.echo'), '{}');
    await js.publish(topology.subject('dlq.warehouse.tasks.warehouse.other'), '{}');
    await js.publish(topology.subject('dlq.minimap.tasks.minimap.x'), '{}');

    const registry = new Registry();
    const gauges = new QueueGauges({ nc, topology, queue: 'warehouse', registry, refreshMs: 60_000 });
    // Before the first answer: no made-up numbers, and a timestamp of 0.
    const first = await registry.metrics();
    expect(sample(first, 'repowiki_queue_lag')).toBeUndefined();
    expect(sample(first, 'repowiki_queue_stats_updated_timestamp_seconds')).toBe(0);
    await gauges.settled();
    const text = await registry.metrics();
    expect(sample(text, 'repowiki_queue_messages')).toBe(5);
    expect(sample(text, 'repowiki_queue_consumer_pending')).toBe(3);
    expect(sample(text, 'repowiki_queue_consumer_ack_pending')).toBe(2);
    expect(sample(text, 'repowiki_queue_lag')).toBe(5);
    expect(sample(text, 'repowiki_dlq_messages')).toBe(2);
    expect(sample(text, 'repowiki_queue_stats_updated_timestamp_seconds')).toBeGreaterThan(
      Date.now() / 1000 - 10,
    );

    // Within refreshMs a scrape asks JetStream nothing: the numbers stay as they were.
    await js.publish(topology.subject('tasks.warehouse.echo'), '{}');
    const cached = await registry.metrics();
    await gauges.settled();
    expect(sample(cached, 'repowiki_queue_messages')).toBe(5);
    expect(sample(await registry.metrics(), 'repowiki_queue_messages')).toBe(5);
    gauges.close();
    for (const s of topology.streams()) await jsm.streams.delete(s.name).catch(() => false);
  });

  test('a scrape never waits for NATS: a stalled server leaves the last numbers and a warning', async ({
    natsUrl,
    jsm,
  }) => {
    const topology = new Topology(uniqueName('qs'), {});
    await ensureStreams(jsm, topology);
    await ensureWorkerConsumer(jsm, topology, 'warehouse');
    const { hostname, port } = new URL(natsUrl);
    const proxy = await StallingProxy.start({ host: hostname, port: Number(port) });
    const nc = await connect({ servers: proxy.rewrite(natsUrl), noAsyncTraces: true });
    const errors: unknown[] = [];
    const registry = new Registry();
    const gauges = new QueueGauges({
      nc,
      topology,
      queue: 'warehouse',
      registry,
      refreshMs: 0,
      onError: (e) => errors.push(e),
    });
    try {
      gauges.start();
      await gauges.settled();
      expect(sample(await registry.metrics(), 'repowiki_queue_lag')).toBe(0);
      proxy.stall();
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        const text = await registry.metrics();
        expect(performance.now() - started).toBeLessThan(250);
        expect(sample(text, 'repowiki_queue_lag')).toBe(0);
      }
      // The look in progress times out (5 s) and is reported once.
      await gauges.settled();
      expect(errors).toHaveLength(1);
    } finally {
      gauges.close();
      proxy.resume();
      await nc.close();
      await proxy.close();
      for (const s of topology.streams()) await jsm.streams.delete(s.name).catch(() => false);
    }
  }, 20_000);
});
