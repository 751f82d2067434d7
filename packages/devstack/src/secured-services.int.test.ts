/**
 * The six services as deployed: each a real process connecting to the shipped NATS config
 * (users, permissions, TLS) as its own NATS user. Least privilege must still let every one of
 * them boot and do its work: create its stream and consumer, pull, ack, dead-letter, publish
 * its events, answer inspect and the micro services API.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstream } from '@nats-io/jetstream';
import type { BusIdentity } from '@repowiki/contracts';
import { createDbClient, freePort } from '@repowiki/db';
import { publishAccessLog } from '@repowiki/runtime';
import { type SecuredNats, startSecuredNats, test, waitFor } from '@repowiki/testkit';
import { afterAll, beforeAll, expect } from 'vitest';
import { runService, type ServiceProcess } from './service-process.js';
import { SERVICES } from './services.js';

/** Six boots at once on two shared cores. @default 120_000 (2 min) */
const BOOT_TIMEOUT_MS = 120_000;
const WID = '3f0c1a52-8a8e-4c4f-9d37-0f6c6ad7e0a1';
const dir = mkdtempSync(join(tmpdir(), 'repowiki-secured-services-'));
let nats: SecuredNats;
const running: { name: string; port: number; svc: ServiceProcess }[] = [];

beforeAll(async () => {
  nats = await startSecuredNats();
}, 30_000);

/** The console's operator token in this test. */
const CONSOLE_TOKEN = 'console-test-token-0123456789abcdef';

afterAll(async () => {
  await Promise.all(running.map((r) => r.svc.stop('SIGKILL')));
  await nats?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test(
  'every service runs with its own NATS user: boots ready, consumes, publishes, answers inspect',
  async ({ databaseUrl }) => {
    for (const { name } of SERVICES) {
      const port = await freePort();
      const svc = runService(name, {
        env: {
          NATS_URL: nats.url,
          NATS_USER: name,
          NATS_PASSWORD: nats.passwords[name as BusIdentity],
          NATS_TLS_CA: nats.caFile,
          NATS_NAMESPACE: '',
          DATABASE_URL: databaseUrl,
          HTTP_PORT: String(port),
          LOG_LEVEL: 'warn',
          REPOSITORIES_DIR: join(dir, 'repositories'),
          BACKUP_DIR: join(dir, 'backups'),
          CONSOLE_TOKEN,
        },
      });
      running.push({ name, port, svc });
    }
    // Six processes compile their sources with swc at once: on two busy cores that takes a while.
    await Promise.all(
      running.map(({ name, port, svc }) =>
        Promise.race([
          waitFor(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200, {
            timeoutMs: BOOT_TIMEOUT_MS,
            intervalMs: 250,
          }).catch((e: unknown) => {
            throw new Error(`${name} not ready: ${String(e)}\n${svc.output().slice(-2_000)}`);
          }),
          svc.exited.then((e) => {
            throw new Error(`${name} exited during boot (code ${e.code}): ${svc.output()}`);
          }),
        ]),
      ),
    );

    const web = await nats.connectAs('web');
    const operator = await nats.connectAs('operator');
    const db = createDbClient(databaseUrl, { max: 1 });
    const { sql } = db;
    try {
      // web → accesslog-svc: a batch consumer pulls, stores and acks.
      const { taskId } = await publishAccessLog(jetstream(web), {
        resourceType: 'repository',
        resourceId: 'acme/wiki',
        ipAddress: '203.0.113.9',
        path: '/acme/wiki',
        method: 'GET',
        statusCode: 200,
        responseTime: 3,
        occurredAt: new Date().toISOString(),
      });
      await waitFor(
        async () => (await sql`select 1 from access_records where message_id = ${taskId}`).length === 1,
        {
          timeoutMs: 20_000,
        },
      );

      // operator → minimap-svc's EVENTS consumer → a task of its own queue → its outcome.
      operator.publish(
        'events.warehouse.completed',
        JSON.stringify({ warehouseId: WID, version: 'v1', completedAt: new Date().toISOString() }),
      );
      const rebuild = `minimap-regenerate-${WID}-v1`;
      await waitFor(
        async () =>
          (await sql`select 1 from task_runs where id = ${rebuild} and state in ('SUCCESS', 'FAILURE')`)
            .length === 1,
        { timeoutMs: 30_000, intervalMs: 200 },
      );

      // The operator sees every service through the micro services API and their inspect endpoints.
      const seen = new Set<string>();
      const infos = await operator.requestMany('$SRV.INFO', '', { strategy: 'timer', maxWait: 2_000 });
      for await (const m of infos) seen.add(m.json<{ name: string }>().name);
      expect([...seen].sort()).toEqual(SERVICES.map((s) => s.name).sort());
      const inspect = await operator.request('repowiki.inspect.stats-svc', '', { timeout: 5_000 });
      expect(inspect.json()).toMatchObject({ queue: 'statistics' });

      // The console, as its own NATS user, reads queues, workers (inspect), the DLQ and the
      // beat's entries, and purges a queue's dead letters; its live feed follows EVENTS.
      const consolePort = running.find((r) => r.name === 'console')!.port;
      const asOperator = { authorization: `Bearer ${CONSOLE_TOKEN}`, 'content-type': 'application/json' };
      const overview = (await (
        await fetch(`http://127.0.0.1:${consolePort}/api/overview`, { headers: asOperator })
      ).json()) as { problems: string[]; workers: { service: string; succeeded: number | null }[] };
      expect(overview.problems).toEqual([]);
      expect(overview.workers.find((w) => w.service === 'stats-svc')?.succeeded).not.toBeNull();
      expect(
        (await fetch(`http://127.0.0.1:${consolePort}/api/dead-letters`, { headers: asOperator })).status,
      ).toBe(200);
      const schedules = (await (
        await fetch(`http://127.0.0.1:${consolePort}/api/schedules`, { headers: asOperator })
      ).json()) as { entries: unknown };
      expect(schedules.entries).not.toBeNull();
      const purge = await fetch(`http://127.0.0.1:${consolePort}/api/dead-letters/purge`, {
        method: 'POST',
        headers: asOperator,
        body: JSON.stringify({ queue: 'accesslog' }),
      });
      expect(purge.status).toBe(200);
      for (const action of ['pause', 'resume']) {
        const r = await fetch(`http://127.0.0.1:${consolePort}/api/schedules/generate-minimaps/${action}`, {
          method: 'POST',
          headers: asOperator,
        });
        expect(r.status, await r.clone().text()).toBe(200);
      }
    } finally {
      await db.close();
      await web.close();
      await operator.close();
    }

    // Nothing any service did was refused: not by the server, not in the services' own logs.
    expect(nats.log()).not.toMatch(/Violation/);
    for (const { name, svc } of running) {
      expect(svc.output(), name).not.toMatch(/Permissions Violation|NATS refused an operation/);
      expect(await svc.stop('SIGTERM'), name).toEqual({ code: 0, signal: null });
    }
  },
  BOOT_TIMEOUT_MS + 90_000,
);
