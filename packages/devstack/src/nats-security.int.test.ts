/**
 * Issue 12, finding 1: the shipped NATS configuration (infra/nats/single.conf with the
 * accounts.conf rendered from contracts' bus-access.ts) on a real nats-server. Each attack of
 * the finding is tried with the identity an attacker would hold, and shown to do no harm.
 */
import { connect as tcpConnect } from 'node:net';
import { type JetStreamManager, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { inboxPrefix } from '@repowiki/contracts';
import { ensureWorkerConsumer } from '@repowiki/runtime';
import { ensureStreams, Topology } from '@repowiki/runtime/client';
import { type SecuredNats, startSecuredNats, waitFor } from '@repowiki/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const topology = new Topology();
const WID = '3f0c1a52-8a8e-4c4f-9d37-0f6c6ad7e0a1';
let nats: SecuredNats;
let operator: NatsConnection;
let ops: JetStreamManager;
const opened: NatsConnection[] = [];

async function as(identity: Parameters<SecuredNats['connectAs']>[0]): Promise<NatsConnection> {
  const nc = await nats.connectAs(identity);
  opened.push(nc);
  return nc;
}

beforeAll(async () => {
  nats = await startSecuredNats();
  operator = await as('operator');
  ops = await jetstreamManager(operator);
  await ensureStreams(ops, topology);
}, 30_000);

afterAll(async () => {
  await Promise.all(opened.map((nc) => nc.close().catch(() => {})));
  await nats?.stop();
});

beforeEach(async () => {
  for (const s of topology.streams()) await ops.streams.purge(s.name);
});

const messages = async (stream: string) => (await ops.streams.info(stream)).state.messages;

/** A core publish the server refuses: it says so on the connection ("Permissions Violation"). */
async function expectRefusedPublish(nc: NatsConnection, subject: string, data = '{}'): Promise<void> {
  const errors: string[] = [];
  const status = nc.status() as AsyncIterable<{ type: string; error?: Error }> & { stop(): void };
  const watching = (async () => {
    for await (const s of status) if (s.type === 'error') errors.push(String(s.error?.message));
  })();
  nc.publish(subject, data);
  await nc.flush();
  await waitFor(() => errors.some((e) => e.includes(`Permissions Violation for Publish to "${subject}"`)), {
    timeoutMs: 3_000,
  });
  status.stop();
  await watching;
}

/** A subscription the server refuses. */
async function expectRefusedSubscribe(nc: NatsConnection, subject: string): Promise<void> {
  const refused = new Promise<Error>((resolve) => {
    nc.subscribe(subject, {
      callback: (err) => {
        if (err) resolve(err);
      },
    });
  });
  await nc.flush();
  expect(String(await refused)).toContain(`Permissions Violation for Subscription to "${subject}"`);
}

describe('who may connect', () => {
  it('refuses anonymous clients and wrong passwords', async () => {
    const base = { servers: nats.url, tls: { caFile: nats.caFile }, reconnect: false, timeout: 3_000 };
    await expect(connect(base)).rejects.toThrow(/Authorization Violation/i);
    await expect(connect({ ...base, user: 'operator', pass: 'guess' })).rejects.toThrow(
      /Authorization Violation/i,
    );
    await expect(connect({ ...base, user: 'web', pass: nats.passwords.operator })).rejects.toThrow(
      /Authorization Violation/i,
    );
  });

  it('refuses a plain-text client before it can authenticate', async () => {
    const port = Number(new URL(nats.url).port);
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = tcpConnect(port, '127.0.0.1');
      let text = '';
      socket.on('data', (d) => {
        text += d.toString();
        if (text.includes('INFO ') && !text.includes('CONNECT_SENT')) {
          socket.write(`CONNECT {"user":"operator","pass":"${nats.passwords.operator}"}\r\nPING\r\n`);
          text += 'CONNECT_SENT';
        }
      });
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
      setTimeout(() => socket.destroy(), 5_000).unref();
    });
    expect(reply).toContain('"tls_required":true');
    expect(reply).not.toContain('PONG');
  });

  it('serves monitoring on loopback only', async () => {
    const varz = (await (await fetch(`${nats.monitorUrl}/varz`)).json()) as { http_host: string };
    expect(varz.http_host).toBe('127.0.0.1');
  });
});

describe('the web tier', () => {
  it('submits per-warehouse tasks and access-log entries (PubAck from the stream)', async () => {
    const js = jetstream(await as('web'));
    const process = await js.publish('tasks.warehouse.process', JSON.stringify({ warehouseId: WID }));
    expect(process.stream).toBe('TASKS_WAREHOUSE');
    const record = await js.publish('tasks.accesslog.record', '{}');
    expect(record.stream).toBe('TASKS_ACCESSLOG');
  });

  it('is refused tasks.migration.*, retention tasks and other system-wide tasks; nothing is stored', async () => {
    const js = jetstream(await as('web'));
    for (const [subject, payload] of [
      ['tasks.migration.restore', { path: '/data/backups/old' }],
      ['tasks.migration.backup', { keep: 1 }],
      ['tasks.accesslog.cleanup', { daysToKeep: 1 }],
      ['tasks.statistics.cleanup-access-records', { daysToKeep: 1 }],
      ['tasks.warehouse.cleanup-failed', {}],
    ] as const) {
      await expect(js.publish(subject, JSON.stringify(payload)), subject).rejects.toThrow(
        `Permissions Violation for Publish to "${subject}"`,
      );
    }
    expect(await messages('TASKS_MIGRATION')).toBe(0);
    expect(await messages('TASKS_ACCESSLOG')).toBe(0);
    // The server logs each refusal with the user: an operator can see who tried.
    expect(nats.log()).toContain('Publish Violation - User "web", Subject "tasks.migration.restore"');
    expect(await messages('TASKS_STATISTICS')).toBe(0);
  });

  it('cannot forge events, revoke tasks or ask services what they run', async () => {
    const web = await as('web');
    const seen: string[] = [];
    const watch = operator.subscribe('>', {
      callback: (_e, m) => {
        seen.push(m.subject);
      },
    });
    await operator.flush();
    await expectRefusedPublish(web, 'events.warehouse.completed', JSON.stringify({ warehouseId: WID }));
    await expectRefusedPublish(web, 'repowiki.control.revoke', JSON.stringify({ taskId: 'any' }));
    await expect(web.request('repowiki.inspect.warehouse-svc', '', { timeout: 2_000 })).rejects.toThrow(
      /Permissions Violation for Publish to "repowiki.inspect.warehouse-svc"/,
    );
    await expect(web.request('$SRV.INFO', '', { timeout: 2_000 })).rejects.toThrow(/Permissions Violation/);
    await operator.flush();
    watch.unsubscribe();
    expect(seen.filter((s) => !s.startsWith('_INBOX.') && !s.startsWith('$JS.'))).toEqual([]);
    expect(await messages('EVENTS')).toBe(0);
  });

  it('is refused stream administration: purge, delete, message deletion', async () => {
    await operator.publish('tasks.warehouse.process', JSON.stringify({ warehouseId: WID }));
    await waitFor(async () => (await messages('TASKS_WAREHOUSE')) === 1);
    const jsm = await jetstreamManager(await as('web'), { checkAPI: false });
    await expect(jsm.streams.purge('TASKS_WAREHOUSE')).rejects.toThrow(
      'Permissions Violation for Publish to "$JS.API.STREAM.PURGE.TASKS_WAREHOUSE"',
    );
    await expect(jsm.streams.delete('DLQ')).rejects.toThrow('Permissions Violation');
    await expect(jsm.streams.deleteMessage('TASKS_WAREHOUSE', 1)).rejects.toThrow('Permissions Violation');
    expect(await messages('TASKS_WAREHOUSE')).toBe(1);
    expect((await ops.streams.info('DLQ')).config.name).toBe('DLQ');
  });

  it('cannot read task traffic or anyone else’s replies', async () => {
    const web = await as('web');
    for (const subject of ['>', 'tasks.>', '_INBOX.>', `${inboxPrefix('warehouse-svc')}.>`]) {
      await expectRefusedSubscribe(web, subject);
    }
  });
});

describe('a service identity', () => {
  it('consumes its own queue: creates its consumer, pulls, acks', async () => {
    const svc = await as('warehouse-svc');
    const { stream, consumer } = await ensureWorkerConsumer(
      await jetstreamManager(svc),
      topology,
      'warehouse',
    );
    await jetstream(operator).publish('tasks.warehouse.process', JSON.stringify({ warehouseId: WID }));
    const m = await (await jetstream(svc).consumers.get(stream, consumer)).next({ expires: 5_000 });
    expect(m?.subject).toBe('tasks.warehouse.process');
    await m?.ackAck();
    expect(await messages('TASKS_WAREHOUSE')).toBe(0);
  });

  it("cannot consume another service's queue, even through an existing consumer", async () => {
    await ensureWorkerConsumer(ops, topology, 'migration');
    await jetstream(operator).publish('tasks.migration.backup', JSON.stringify({ keep: 7 }));
    const svc = await as('warehouse-svc');
    const jsm = await jetstreamManager(svc);
    await expect(ensureWorkerConsumer(jsm, topology, 'migration')).rejects.toThrow('Permissions Violation');
    await expect(jetstream(svc).consumers.get('TASKS_MIGRATION', 'migration-worker')).rejects.toThrow(
      'Permissions Violation',
    );
    await expectRefusedPublish(
      svc,
      '$JS.API.CONSUMER.MSG.NEXT.TASKS_MIGRATION.migration-worker',
      '{"batch":1}',
    );
    // A durable of its own on the events stream that reads every event: the filter is pinned.
    await expect(
      jsm.consumers.add('EVENTS', { durable_name: 'warehouse-all-events', filter_subject: 'events.>' }),
    ).rejects.toThrow('Permissions Violation');
    expect(await messages('TASKS_MIGRATION')).toBe(1);
  });

  it('cannot purge, reconfigure shared streams, submit migrations or forge other services’ events', async () => {
    const svc = await as('warehouse-svc');
    const jsm = await jetstreamManager(svc);
    await expect(jsm.streams.purge('TASKS_WAREHOUSE')).rejects.toThrow('Permissions Violation');
    await expect(jsm.streams.update('EVENTS', { max_msgs: 1 })).rejects.toThrow('Permissions Violation');
    // Creating an existing stream with another config is refused by JetStream itself.
    await expect(jsm.streams.add({ name: 'DLQ', subjects: ['dlq.>'], max_msgs: 1 })).rejects.toThrow(
      /already in use with a different configuration/,
    );
    expect((await ops.streams.info('DLQ')).config.max_msgs).toBe(-1);
    await expect(
      jetstream(svc).publish('tasks.migration.restore', JSON.stringify({ path: '/data/backups/old' })),
    ).rejects.toThrow('Permissions Violation');
    await expectRefusedPublish(svc, 'events.minimap.validate.succeeded');
    await expectRefusedPublish(svc, 'repowiki.control.revoke');
  });

  it('the scheduler publishes scheduled tasks but no migration', async () => {
    const js = jetstream(await as('scheduler-svc'));
    expect((await js.publish('tasks.statistics.daily', '{}')).stream).toBe('TASKS_STATISTICS');
    await expect(js.publish('tasks.migration.backup', '{}')).rejects.toThrow('Permissions Violation');
  });
});

describe('the operator', () => {
  it('submits migrations, revokes, asks inspect endpoints and administers streams', async () => {
    const ack = await jetstream(operator).publish(
      'tasks.migration.restore',
      JSON.stringify({ path: '/data/backups/old' }),
    );
    expect(ack.stream).toBe('TASKS_MIGRATION');
    operator.publish('repowiki.control.revoke', JSON.stringify({ taskId: 'any' }));
    // Allowed, and nobody answers here: "no responders", not a permission error.
    await expect(operator.request('repowiki.inspect.warehouse-svc', '', { timeout: 2_000 })).rejects.toThrow(
      /no responders/i,
    );
    expect((await ops.streams.purge('TASKS_MIGRATION')).purged).toBe(1);
  });
});
