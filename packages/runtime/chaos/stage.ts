import { type JetStreamManager, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import type { Queue } from '@repowiki/contracts';
import { createDbClient, type DbClient } from '@repowiki/db';
import { TaskClient } from '../src/client/task-client.js';
import { ensureStreams } from '../src/nats/ensure-streams.js';
import { Topology } from '../src/nats/topology.js';
import { chaosCatalog } from './chaos-catalog.js';
import { NatsNode, startNatsCluster } from './infra/nats-node.js';
import { until } from './infra/wait.js';
import type { ScenarioContext } from './scenario.js';
import { WorkerPool } from './worker-pool.js';

export interface StageOptions {
  /** Three routed nodes with R3 streams instead of one server. */
  cluster?: boolean;
  workers: number;
  queues?: Queue[];
  /** Extra worker env (CONCURRENCY, MAX_PER_USER, …). */
  workerEnv?: Record<string, string>;
}

/** The servers, workers and producer of one scenario. */
export interface Stage {
  nats: NatsNode[];
  pool: WorkerPool;
  /** The producer's own connection (reconnects forever, like a service). */
  nc: NatsConnection;
  producerDb: DbClient;
  client: TaskClient;
  topology: Topology;
  close(): Promise<void>;
}

/** Fresh nats-server(s) for the scenario, worker processes on them, a producer. */
export async function openStage(ctx: ScenarioContext, name: string, o: StageOptions): Promise<Stage> {
  const nats = o.cluster ? await startNatsCluster(ctx.logDir) : [await NatsNode.create(name, ctx.logDir)];
  if (!o.cluster) await nats[0]!.start();
  const urls = nats.map((n) => n.url);
  const nc = await connect({
    servers: urls,
    name: `chaos-producer-${name}`,
    noAsyncTraces: true,
    maxReconnectAttempts: -1,
  });
  const topology = new Topology();
  if (o.cluster) await createReplicatedStreams(nc);
  const producerDb = createDbClient(ctx.pg.url, { max: 8, applicationName: 'chaos-producer' });
  const client = new TaskClient({ nc, db: producerDb, catalog: chaosCatalog });
  const pool = new WorkerPool(
    {
      NATS_URL: urls.join(','),
      DATABASE_URL: ctx.pg.url,
      CHAOS_QUEUES: (o.queues ?? ['warehouse', 'accesslog']).join(','),
      CONCURRENCY: '16',
      ...(o.cluster ? { NATS_STREAM_REPLICAS: '3' } : {}),
      ...o.workerEnv,
    },
    ctx.logDir,
    name,
  );
  await pool.start(o.workers);
  return {
    nats,
    pool,
    nc,
    producerDb,
    client,
    topology,
    async close() {
      await pool.close();
      await client.close().catch(() => {});
      await nc.close().catch(() => {});
      await producerDb.close().catch(() => {});
      for (const n of nats) await n.kill();
    },
  };
}

/**
 * Every stream R3 before the workers start, as a deployment with NATS_STREAM_REPLICAS=3 does
 * (the workers get the same variable, so their own ensureStreams keeps R3).
 */
async function createReplicatedStreams(nc: NatsConnection): Promise<void> {
  // jetstreamManager() asks for the account info, which fails until the cluster has a meta leader.
  let jsm: JetStreamManager | undefined;
  await until(
    'JetStream cluster meta leader',
    async () => {
      jsm = await jetstreamManager(nc, { timeout: 10_000 });
      return true;
    },
    60_000,
    500,
  );
  const replicated = new Topology('', { NATS_STREAM_REPLICAS: 3 });
  await until(
    'R3 streams',
    async () => {
      await ensureStreams(jsm!, replicated);
      return true;
    },
    30_000,
    500,
  );
}
