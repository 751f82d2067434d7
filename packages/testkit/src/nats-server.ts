import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { freePort } from '@repowiki/db';

export interface NatsServerHandle {
  readonly url: string;
  readonly port: number;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

export interface NatsServerOptions {
  /** Extra arguments, e.g. cluster routes. */
  args?: string[];
  port?: number;
  storeDir?: string;
  /** Binary. @default `nats-server` from PATH, else /usr/sbin/nats-server */
  bin?: string;
}

/** Starts a JetStream-enabled nats-server on 127.0.0.1 and waits until it answers. */
export async function startNatsServer(options: NatsServerOptions = {}): Promise<NatsServerHandle> {
  const port = options.port ?? (await freePort());
  const ownStore = !options.storeDir;
  const storeDir = options.storeDir ?? mkdtempSync(join(tmpdir(), 'repowiki-nats-'));
  const bin = options.bin ?? process.env.NATS_SERVER_BIN ?? 'nats-server';
  const child = spawn(
    bin,
    ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir, ...(options.args ?? [])],
    {
      stdio: 'ignore',
      env: { ...process.env, PATH: `${process.env.PATH}:/usr/sbin:/usr/local/sbin` },
    },
  );
  const url = `nats://127.0.0.1:${port}`;
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`nats-server exited with code ${code}`))),
  );
  exited.catch(() => {});
  await Promise.race([waitForNats(url), exited]);
  return {
    url,
    port,
    process: child,
    async stop() {
      if (child.exitCode === null) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await gone;
      }
      if (ownStore) rmSync(storeDir, { recursive: true, force: true });
    },
  };
}

async function waitForNats(url: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const nc = await connect({ servers: url, timeout: 500, reconnect: false });
      await nc.close();
      return;
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
