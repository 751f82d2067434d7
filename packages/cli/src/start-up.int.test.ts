import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TaskClient } from '@repowiki/runtime/client';
import { test } from '@repowiki/testkit';
import { describe, expect, inject } from 'vitest';
import { json, runCli } from '../test/run-cli.js';
import { EXIT } from './exit-codes.js';
import { ledgerStatus } from './ledger-status.js';

const hook = new URL('../test/loaded-modules.mjs', import.meta.url).pathname;

/** Runs the binary and returns what it loaded: package names and workspace packages. */
async function loadedBy(args: string[], env: Record<string, string>) {
  const file = join(mkdtempSync(join(tmpdir(), 'tasks-loaded-')), 'modules');
  const run = await runCli(args, { ...env, NODE_OPTIONS: `--import=${hook}`, LOADED_MODULES_FILE: file });
  const urls = readFileSync(file, 'utf8').split('\n');
  const names = new Set<string>();
  const commandFiles = urls.filter((u) => /\/packages\/cli\/src\/commands\//.test(u)).length;
  for (const url of urls) {
    const dep = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
    // A package's module is named by its folder under src/ (`@repowiki/runtime/client`), a
    // file straight in src/ by its own name (`@repowiki/contracts/names`), index.ts by the package.
    const own = /\/packages\/([^/]+)\/src\/(?:([^/]+)\/)?(?:([^/]+)\.[jt]s)?/.exec(url);
    const part = own?.[2] ?? (own?.[3] && own[3] !== 'index' ? own[3] : undefined);
    if (dep) names.add(dep);
    else if (own && own[1] !== 'cli') names.add(`@repowiki/${own[1]}${part ? `/${part}` : ''}`);
  }
  return { run, names: [...names].sort(), commandFiles };
}

/** What only a command that uses it may load. */
const HEAVY = [
  'drizzle-orm',
  'zod',
  '@nats-io/nats-core',
  '@nats-io/transport-node',
  '@nats-io/jetstream',
  'cli-progress',
  '@repowiki/contracts',
  '@repowiki/db',
  '@repowiki/runtime/ops',
  '@repowiki/runtime/client',
  '@repowiki/runtime/nats',
];

describe('tasks start-up: each command loads what it uses (README "Start-up")', () => {
  test('--help loads the command table only; status reads the ledger with postgres.js alone', async ({
    dbClient,
    databaseUrl,
  }) => {
    const env = { NATS_URL: inject('natsUrl'), DATABASE_URL: databaseUrl };
    const id = `start-up-${Date.now()}`;
    await dbClient.sql`
      insert into task_runs (id, name, queue, state, payload, result, error, progress, attempts,
                             user_id, worker_id, not_before, started_at, finished_at)
      values (${id}, 'tasks.minimap.validate', 'minimap', 'FAILURE', '{"warehouseId":"w"}'::jsonb,
              '{"partial":[1,2]}'::jsonb, '{"name":"MapError","message":"broken","code":"broken"}'::jsonb,
              '{"percent":40,"step":"links"}'::jsonb, 3, 'alice', 'worker-7',
              now() - interval '1 minute', now() - interval '30 seconds', now())`;

    const [help, status, statusJson, version] = await Promise.all([
      loadedBy(['--help'], env),
      loadedBy(['status', id], env),
      runCli(['--json', 'status', id], env),
      loadedBy(['--version'], env),
    ]);
    expect(help.run.code, help.run.stderr).toBe(EXIT.ok);
    expect(help.run.stdout).toContain('Usage: tasks [options] [command]');
    expect(help.names.filter((n) => HEAVY.includes(n) || n === 'postgres')).toEqual([]);
    expect(version.names.filter((n) => HEAVY.includes(n) || n === 'postgres')).toEqual([]);

    expect(status.run.code, status.run.stderr).toBe(EXIT.ok);
    expect(status.run.stdout).toMatch(/│ state\s+│ FAILURE/);
    expect(status.names).toContain('postgres');
    expect(status.names).toContain('@repowiki/runtime/ledger');
    expect(status.names.filter((n) => HEAVY.includes(n))).toEqual([]);
    // Of the command files, status loads its own: the tree of a run has that command only.
    expect(status.commandFiles).toBe(1);
    expect(help.commandFiles).toBeGreaterThan(30);
    expect(help.names).not.toContain('cli-table3');

    // The same answer as TaskClient.status, field for field and in the same order.
    const client = new TaskClient({ nc: undefined as never, db: dbClient });
    const expected = await client.status(id);
    expect(await ledgerStatus(dbClient.sql, id)).toStrictEqual(expected);
    expect(Object.keys(await ledgerStatus(dbClient.sql, id))).toEqual(Object.keys(expected));
    expect(statusJson.stdout).toBe(`${JSON.stringify(expected, null, 2)}\n`);
    const missing = `missing-${id}`;
    expect(await ledgerStatus(dbClient.sql, missing)).toStrictEqual(await client.status(missing));
    expect(json(statusJson)).toMatchObject({ state: 'FAILURE', attempts: 3, workerId: 'worker-7' });
  }, 120_000);
});
