/**
 * NATS_STREAM_REPLICAS on the real 3-node cluster of infra/nats (cluster-node-*.conf, users,
 * TLS): streams made R1 are raised to R3 in place when accesslog-svc starts with
 * NATS_STREAM_REPLICAS=3 (its own stream) and when the operator applies the same setting
 * (EVENTS, DLQ: services may not change shared streams). Tasks waiting in the R1 stream
 * survive the change, and the task stream's leader is killed -9 while tasks flow: every
 * task is stored once, none lost.
 */
import { rmSync } from 'node:fs';
import { type JetStreamManager, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { inboxPrefix } from '@repowiki/contracts';
import { createDbClient, freePort, textArray } from '@repowiki/db';
import { type AccessEntryInput, createAccessLogPublisher, ensureStreams, Topology } from '@repowiki/runtime';
import {
  createSecuredNatsSecrets,
  type SecuredNats,
  startSecuredNats,
  test,
  waitFor,
} from '@repowiki/testkit';
import { afterAll, beforeAll, expect } from 'vitest';
import { runService, type ServiceProcess } from './service-process.js';

const secrets = createSecuredNatsSecrets();
const nodes: SecuredNats[] = [];
const running: ServiceProcess[] = [];

beforeAll(async () => {
  const routes = [await freePort(), await freePort(), await freePort()];
  nodes.push(
    ...(await Promise.all(
      [0, 1, 2].map((n) =>
        startSecuredNats({
          config: `cluster-node-${n}.conf`,
          secrets,
          cluster: { port: routes[n]!, routes },
          waitHealthy: false,
        }),
      ),
    )),
  );
}, 60_000);

afterAll(async () => {
  await Promise.all(running.map((s) => s.stop('SIGKILL')));
  await Promise.all(nodes.map((n) => n.stop()));
  rmSync(secrets.dir, { recursive: true, force: true });
});

const urls = () => nodes.map((n) => n.url).join(',');

/** A client of the whole cluster that rides out a node's death (reconnects to the others). */
function connectAs(identity: 'operator' | 'web'): Promise<NatsConnection> {
  return connect({
    servers: nodes.map((n) => n.url),
    user: identity,
    pass: secrets.passwords[identity],
    tls: { caFile: secrets.ca.certFile },
    inboxPrefix: inboxPrefix(identity),
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    noAsyncTraces: true,
  });
}

function entry(i: number): AccessEntryInput {
  return {
    resourceType: 'repository',
    resourceId: `acme/r${i}`,
    ipAddress: '203.0.113.9',
    path: `/acme/r${i}`,
    method: 'GET',
    statusCode: 200,
    responseTime: 1,
    occurredAt: new Date().toISOString(),
  };
}

async function replicasOf(jsm: JetStreamManager, stream: string): Promise<number> {
  const info = await jsm.streams.info(stream);
  // Counted only once the new peers have caught up with the leader.
  const current = (info.cluster?.replicas ?? []).filter((r) => r.current).length;
  return info.config.num_replicas === 3 && current === 2 ? 3 : info.config.num_replicas;
}

test('R1 streams become R3 in place, and a killed stream leader loses no task', async ({ databaseUrl }) => {
  const operator = await connectAs('operator');
  const web = await connectAs('web');
  const db = createDbClient(databaseUrl, { max: 2 });
  // One entry per message (the default batches up to 500): the stream then holds one message
  // per task, which is what the replica checks below count.
  const publisher = createAccessLogPublisher({ js: jetstream(web), maxEntries: 1 });
  try {
    // The meta leader is elected a moment after the routes connect.
    const jsm = await waitFor(async () => jetstreamManager(operator, { timeout: 5_000 }), {
      timeoutMs: 30_000,
      intervalMs: 500,
    });
    // What a release without NATS_STREAM_REPLICAS left behind: every stream R1.
    await waitFor(
      async () => {
        await ensureStreams(jsm, new Topology('', {}));
        return true;
      },
      { timeoutMs: 20_000, intervalMs: 500 },
    );
    const topology = new Topology('', { NATS_STREAM_REPLICAS: 3 });
    const stream = topology.taskStream('accesslog');
    expect((await jsm.streams.info(stream)).config.num_replicas).toBe(1);

    // Tasks waiting in the R1 stream while no worker runs.
    const ids: string[] = [];
    const publish = (i: number) => {
      const id = publisher.publish(entry(i));
      if (id === undefined) throw new Error('the publisher buffer refused an entry');
      ids.push(id);
    };
    for (let i = 0; i < 150; i++) publish(i);
    await publisher.flush(20_000);
    expect((await jsm.streams.info(stream)).state.messages).toBe(150);

    const port = await freePort();
    const svc = runService('accesslog-svc', {
      env: {
        NATS_URL: urls(),
        NATS_USER: 'accesslog-svc',
        NATS_PASSWORD: secrets.passwords['accesslog-svc'],
        NATS_TLS_CA: secrets.ca.certFile,
        NATS_STREAM_REPLICAS: '3',
        DATABASE_URL: databaseUrl,
        HTTP_PORT: String(port),
        LOG_LEVEL: 'warn',
      },
    });
    running.push(svc);
    await Promise.race([
      waitFor(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200, {
        timeoutMs: 60_000,
        intervalMs: 250,
      }),
      svc.exited.then((e) => {
        throw new Error(`accesslog-svc exited (code ${e.code}): ${svc.output()}`);
      }),
    ]);
    // The service raised its own stream; the shared ones are the operator's (`tasks streams --apply`).
    await waitFor(async () => (await replicasOf(jsm, stream)) === 3, { timeoutMs: 30_000, intervalMs: 250 });
    expect(await ensureStreams(jsm, topology)).toEqual([]);
    for (const def of topology.streams()) {
      await waitFor(async () => (await replicasOf(jsm, def.name)) === 3, {
        timeoutMs: 30_000,
        intervalMs: 250,
      });
    }

    // Tasks flow; a third of the way in, the task stream's leader dies.
    // Scaling elects the stream's leader anew: wait until it has one.
    const leaderName = await waitFor(async () => (await jsm.streams.info(stream)).cluster?.leader, {
      timeoutMs: 20_000,
      intervalMs: 250,
    });
    const leader = nodes.find((n) => n.configText.includes(`server_name: ${leaderName}`));
    expect(leader, `leader ${leaderName}`).toBeDefined();
    for (let i = 150; i < 450; i++) {
      publish(i);
      if (i === 250) leader!.process.kill('SIGKILL');
      if (i % 25 === 0) await new Promise((r) => setTimeout(r, 100));
    }
    await publisher.flush(60_000);
    expect(publisher.dropped + publisher.failed).toBe(0);

    const stored = async () =>
      Number(
        (
          await db.sql`select count(*) as n from access_records where message_id = any(${textArray(ids)}::text::text[])`
        )[0]!.n,
      );
    await waitFor(async () => (await stored()) === ids.length, { timeoutMs: 60_000, intervalMs: 500 }).catch(
      async () => {
        throw new Error(`stored ${await stored()} of ${ids.length}\n${svc.output().slice(-3_000)}`);
      },
    );
    // The stream is still R3 on the two nodes left, with a new leader, and empty (all acked).
    const after = await jsm.streams.info(stream);
    expect(after.config.num_replicas).toBe(3);
    expect(after.cluster?.leader).not.toBe(leaderName);
    expect(after.state.messages).toBe(0);
    expect(await svc.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  } finally {
    await publisher.close(1_000).catch(() => {});
    await db.close();
    await web.close();
    await operator.close();
  }
}, 180_000);
