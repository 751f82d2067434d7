/**
 * A service's log never holds its NATS credentials: a NATS_URL with `user:password@` is logged
 * masked when the service starts and when NATS cannot be reached (issue 12, finding 6:
 * "NATS_URL logged unredacted").
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '@repowiki/db';
import { test, uniqueName, waitFor } from '@repowiki/testkit';
import { describe, expect } from 'vitest';
import { Topology } from '../src/nats/topology.js';

const serviceScript = fileURLToPath(new URL('./readiness-service.ts', import.meta.url));
const SECRET = 'hunter2-nats-secret';

/** Runs the readiness test service with `env`; resolves with its output once `until` holds or it exits. */
function runService(env: Record<string, string>, until: (out: string) => boolean) {
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', '@swc-node/register/esm-register', serviceScript],
    {
      env: { ...process.env, LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: fileURLToPath(new URL('..', import.meta.url)),
    },
  );
  let out = '';
  for (const s of [child.stdout, child.stderr]) {
    s?.on('data', (d: Buffer) => {
      out += d.toString();
    });
  }
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    output: () => out,
    done: Promise.race([exited, waitFor(() => until(out), { timeoutMs: 30_000, intervalMs: 100 })]),
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

describe('NATS credentials in service logs', () => {
  test('a service started with user:password in NATS_URL logs the URL masked', async ({
    natsUrl,
    databaseUrl,
    jsm,
  }) => {
    // The test server has no users: it ignores the credentials, the service logs its URL.
    const u = new URL(natsUrl);
    const namespace = uniqueName('creds');
    const svc = runService(
      {
        NATS_URL: `nats://probe:${SECRET}@${u.host}`,
        DATABASE_URL: databaseUrl,
        NATS_NAMESPACE: namespace,
        HTTP_PORT: String(await freePort()),
      },
      (out) => out.includes('"service started"'),
    );
    try {
      await svc.done;
      const started = svc
        .output()
        .split('\n')
        .find((l) => l.includes('"service started"'));
      expect(started).toContain(`"nats":"nats://probe:***@${u.host}"`);
      expect(svc.output()).not.toContain(SECRET);
    } finally {
      await svc.stop();
      for (const s of new Topology(namespace).streams()) await jsm.streams.delete(s.name).catch(() => {});
    }
  }, 40_000);

  test('a service that cannot reach NATS names the servers masked', async ({ databaseUrl }) => {
    const port = await freePort();
    const svc = runService(
      {
        NATS_URL: `nats://probe:${SECRET}@127.0.0.1:${port}`,
        DATABASE_URL: databaseUrl,
        HTTP_PORT: String(await freePort()),
      },
      (out) => out.includes('cannot connect to NATS'),
    );
    try {
      await svc.done;
      expect(svc.output()).toContain(`"servers":"nats://probe:***@127.0.0.1:${port}"`);
      expect(svc.output()).not.toContain(SECRET);
    } finally {
      await svc.stop();
    }
  }, 40_000);
});
