import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@repowiki/db';
import { runService } from '@repowiki/devstack';
import { TaskClient } from '@repowiki/runtime/client';
import { test, uniqueName, waitFor } from '@repowiki/testkit';
import { describe, expect, inject, onTestFinished } from 'vitest';
import { json, runCli } from '../test/run-cli.js';
import { EXIT } from './exit-codes.js';

const berlinTime = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit' }).format(
    new Date(iso),
  );

describe('tasks schedule / inspect scheduled / warehouse', () => {
  test('schedule list, history and inspect scheduled against a running scheduler-svc', async ({
    nc,
    dbClient,
    databaseUrl,
  }) => {
    const ns = uniqueName('cli');
    const env = { NATS_URL: inject('natsUrl'), DATABASE_URL: databaseUrl, NATS_NAMESPACE: ns };
    const svc = runService('scheduler-svc', {
      env: {
        ...env,
        HTTP_PORT: String(await freePort()),
        LOG_LEVEL: 'warn',
        SCHEDULE_JSON: JSON.stringify({
          includeDefaults: false,
          entries: {
            tick: { task: 'minimap.generate', everySeconds: 1 },
            nightly: {
              task: 'statistics.daily',
              cron: '0 3 * * *',
              timezone: 'Europe/Berlin',
              missed: 'skip',
            },
          },
        }),
      },
    });
    onTestFinished(async () => {
      await svc.stop('SIGKILL');
    });
    await waitFor(
      async () => {
        if (svc.child.exitCode !== null) throw new Error(`scheduler-svc exited: ${svc.output()}`);
        const [row] = await dbClient.sql<{ n: number }[]>`
          select count(*)::int as n from schedule_fires where entry = 'tick' and published_at is not null`;
        return (row?.n ?? 0) >= 2;
      },
      { timeoutMs: 40_000, intervalMs: 200 },
    );
    const client = new TaskClient({ nc, db: dbClient, namespace: ns });
    const delayed = await client.submit('tasks.statistics.system', {}, { countdownMs: 600_000 });

    const [list, history, scheduled, scheduledTable] = await Promise.all([
      runCli(['--json', 'schedule', 'list'], env),
      runCli(['--json', 'schedule', 'history', '--entry', 'tick'], env),
      runCli(['--json', 'inspect', 'scheduled'], env),
      runCli(['inspect', 'scheduled'], env),
    ]);
    type Entry = { name: string; task: string; nextFireAt: string; missed: string };
    const entries = json<{ entries: Entry[] }>(list).entries;
    expect(entries.map((e) => e.name).sort()).toEqual(['nightly', 'tick']);
    const nightly = entries.find((e) => e.name === 'nightly');
    expect(nightly).toMatchObject({ task: 'tasks.statistics.daily', missed: 'skip' });
    expect(berlinTime(nightly?.nextFireAt ?? '')).toBe('03:00');
    expect(Date.parse(nightly?.nextFireAt ?? '')).toBeGreaterThan(Date.now());

    const fires =
      json<{ entry: string; task: string; taskId: string; state: string | null; kind: string }[]>(history);
    expect(fires.length).toBeGreaterThanOrEqual(2);
    for (const f of fires)
      expect(f).toMatchObject({ entry: 'tick', task: 'tasks.minimap.generate', kind: 'on-time' });
    // No minimap worker in this namespace: the fired tasks wait, recorded in the ledger.
    expect(fires.some((f) => f.state === 'PENDING')).toBe(true);

    const view = json<{ schedule: { entries: Entry[] }; delayed: { id: string }[] }>(scheduled);
    expect(view.schedule.entries).toHaveLength(2);
    expect(view.delayed.map((d) => d.id)).toContain(delayed);
    expect(scheduledTable.stdout).toMatch(/tick\s*│\s*tasks\.minimap\.generate\s*│\s*every 1s/);

    expect(await svc.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    const gone = await runCli(['schedule', 'list'], env);
    expect(gone.code).toBe(EXIT.unavailable);
    expect(gone.stderr).toMatch(/no scheduler-svc replica answered/);
  }, 120_000);

  test('warehouse add registers a repository and submits process; show prints status, catalog and pages', async ({
    dbClient,
    databaseUrl,
  }) => {
    const ns = uniqueName('cli');
    const env = { NATS_URL: inject('natsUrl'), DATABASE_URL: databaseUrl, NATS_NAMESPACE: ns };
    const dir = mkdtempSync(join(tmpdir(), 'wh-cli-'));
    const add = await runCli(['--json', 'warehouse', 'add', dir, '--user', 'alice'], env);
    expect(add.code, add.stderr).toBe(EXIT.ok);
    const { warehouseId, taskId } = json<{ warehouseId: string; taskId: string }>(add);
    const [task] = await dbClient.sql<{ name: string; payload: { warehouseId: string }; userId: string }[]>`
      select name, payload, user_id as "userId" from task_runs where id = ${taskId}`;
    expect(task).toEqual({ name: 'tasks.warehouse.process', payload: { warehouseId }, userId: 'alice' });

    // What warehouse-svc writes while processing: a document, a catalog tree, pages.
    const [doc] = await dbClient.sql<{ id: string }[]>`
      insert into documents (warehouse_id, git_path) values (${warehouseId}, ${dir}) returning id`;
    const [overview] = await dbClient.sql<{ id: string }[]>`
      insert into document_catalogs (warehouse_id, document_id, name, url, "order", is_completed)
      values (${warehouseId}, ${doc?.id ?? ''}, 'Overview', 'overview', 0, true) returning id`;
    const [modules] = await dbClient.sql<{ id: string }[]>`
      insert into document_catalogs (warehouse_id, document_id, name, url, "order")
      values (${warehouseId}, ${doc?.id ?? ''}, 'Modules', 'modules', 1) returning id`;
    await dbClient.sql`
      insert into document_catalogs (warehouse_id, document_id, parent_id, name, url, "order")
      values (${warehouseId}, ${doc?.id ?? ''}, ${modules?.id ?? ''}, 'Parser', 'modules/parser', 0)`;
    await dbClient.sql`
      insert into document_file_items (document_catalog_id, title, content)
      values (${overview?.id ?? ''}, 'Project overview', '# Overview')`;

    const [show, missing, bad] = await Promise.all([
      runCli(['warehouse', 'show', warehouseId], env),
      runCli(['warehouse', 'show', '00000000-0000-4000-8000-000000000000'], env),
      runCli(['warehouse', 'add', join(dir, 'does-not-exist')], env),
    ]);
    expect(show.code, show.stderr).toBe(EXIT.ok);
    expect(show.stdout).toMatch(/status\s*│\s*pending/);
    expect(show.stdout).toContain('Catalog (3 items, 1 pages)');
    expect(show.stdout).toContain('✓ Overview — Project overview');
    expect(show.stdout).toMatch(/^· Modules\n {2}· Parser$/m);
    expect(missing.code).toBe(EXIT.notFound);
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.stderr).toMatch(/no such directory/);
  }, 90_000);
});
