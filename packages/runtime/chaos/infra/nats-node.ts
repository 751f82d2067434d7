import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@repowiki/db';
import { trackChild, trackDir } from './processes.js';
import { sleep, until } from './wait.js';

const NATS_SERVER = process.env.CHAOS_NATS_SERVER ?? '/usr/sbin/nats-server';

export interface ClusterPeer {
  name: string;
  clusterPort: number;
}

/**
 * One nats-server the suite owns: a random client port, its own JetStream store, so it may
 * be stopped, killed and started again on the same port and store.
 */
export class NatsNode {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();

  private constructor(
    readonly name: string,
    readonly port: number,
    readonly storeDir: string,
    private readonly cluster: { port: number; routes: string[] } | undefined,
    private readonly logFile: string,
  ) {}

  static async create(name: string, logDir: string, cluster?: { port: number; routes: string[] }) {
    const store = mkdtempSync(join(tmpdir(), `chaos-nats-${name}-`));
    trackDir(store);
    return new NatsNode(name, await freePort(), store, cluster, join(logDir, `nats-${name}.log`));
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.exitCode === null ? this.child.pid : undefined;
  }

  async start(): Promise<void> {
    const args = ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.storeDir, '-n', this.name];
    if (this.cluster) {
      args.push(
        '--cluster_name',
        'chaos',
        '--cluster',
        `nats://127.0.0.1:${this.cluster.port}`,
        '--routes',
        this.cluster.routes.join(','),
      );
    }
    const log = createWriteStream(this.logFile, { flags: 'a' });
    const child = spawn(NATS_SERVER, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    trackChild(child);
    this.child = child;
    this.exited = new Promise((r) => child.once('exit', () => r()));
    await until(`nats-server ${this.name} on ${this.port}`, () => portOpen(this.port), 15_000);
  }

  /** Graceful stop (SIGTERM), waiting for the process to exit. */
  async stop(): Promise<void> {
    if (!this.pid) return;
    this.child?.kill('SIGTERM');
    await Promise.race([this.exited, sleep(10_000)]);
    if (this.pid) await this.kill();
  }

  /** kill -9. */
  async kill(): Promise<void> {
    if (!this.pid) return;
    this.child?.kill('SIGKILL');
    await this.exited;
  }
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** Three JetStream nodes routed on loopback (cluster `chaos`). */
export async function startNatsCluster(logDir: string, size = 3): Promise<NatsNode[]> {
  const clusterPorts = await Promise.all(Array.from({ length: size }, () => freePort()));
  const routes = clusterPorts.map((p) => `nats://127.0.0.1:${p}`);
  const nodes = await Promise.all(
    clusterPorts.map((port, i) => NatsNode.create(`n${i + 1}`, logDir, { port, routes })),
  );
  await Promise.all(nodes.map((n) => n.start()));
  return nodes;
}
