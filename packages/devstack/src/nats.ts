import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { stopProcess } from './stop-process.js';

export interface NatsHandle {
  readonly url: string;
  /** False when a server already answered at the URL: then it is left alone on stop. */
  readonly started: boolean;
  stop(): Promise<void>;
}

/** How long nats-server may take to accept connections. @default 10_000 (10 s) */
const START_TIMEOUT_MS = 10_000;

/**
 * Uses the NATS server at `url` when one answers; otherwise starts `nats-server` from PATH
 * (JetStream on, store under `storeDir`, kept between runs) on that host and port.
 */
export async function ensureNats(url: string, storeDir: string): Promise<NatsHandle> {
  const first = url.split(',')[0]?.trim() ?? url;
  const { hostname, port } = new URL(first.replace(/^nats:/, 'http:'));
  const host = hostname || '127.0.0.1';
  const portNumber = Number(port || 4222);
  if (await answers(host, portNumber)) return { url, started: false, stop: async () => {} };

  mkdirSync(storeDir, { recursive: true });
  const child: ChildProcess = spawn(
    'nats-server',
    ['-a', host, '-p', String(portNumber), '-js', '-sd', storeDir],
    {
      // Same process group as the devstack: however the devstack ends (Ctrl-C, or turbo
      // killing the task's group), nats-server ends with it and is never left behind.
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, PATH: `${process.env.PATH}:/usr/sbin:/usr/local/sbin` },
    },
  );
  let stderr = '';
  child.stderr?.on('data', (b: Buffer) => {
    stderr = (stderr + b.toString()).slice(-2_000);
  });
  const spawnError = new Promise<never>((_, reject) => {
    child.once('error', (e) => reject(new Error(`cannot start nats-server (is it on PATH?): ${e.message}`)));
    child.once('exit', (code) => reject(new Error(`nats-server exited with code ${code}: ${stderr.trim()}`)));
  });
  spawnError.catch(() => {});
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await answers(host, portNumber))) {
    await Promise.race([new Promise((r) => setTimeout(r, 50)), spawnError]);
    if (Date.now() > deadline) {
      await stopProcess(child);
      throw new Error(
        `nats-server did not accept connections on ${host}:${portNumber} within ${START_TIMEOUT_MS} ms`,
      );
    }
  }
  return { url, started: true, stop: () => stopProcess(child) };
}

function answers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(500);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}
