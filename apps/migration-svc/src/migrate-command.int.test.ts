/** `migration-svc migrate`: what the Helm pre-install/pre-upgrade Job runs. */
import { runService } from '@repowiki/devstack';
import { withDatabase } from '@repowiki/testkit';
import postgres from 'postgres';
import { expect, inject, test } from 'vitest';

async function createEmptyDatabase(): Promise<string> {
  const admin = postgres(inject('adminDatabaseUrl'), { max: 1, onnotice: () => {} });
  const name = `rw_migcmd_${inject('runId')}_${Math.random().toString(36).slice(2, 8)}`;
  try {
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  return withDatabase(inject('adminDatabaseUrl'), name);
}

function appliedOf(output: string): number | undefined {
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as { msg?: string; applied?: number };
    if (entry.msg === 'migrations applied') return entry.applied;
  }
  return undefined;
}

test('`migrate` applies the schema to an empty database, exits 0, and is a no-op the second time', async () => {
  const databaseUrl = await createEmptyDatabase();
  const env = { DATABASE_URL: databaseUrl, NATS_URL: 'nats://127.0.0.1:1', LOG_LEVEL: 'info' };

  const first = runService('migration-svc', { env, args: ['migrate'] });
  expect(await first.exited).toEqual({ code: 0, signal: null });
  expect(appliedOf(first.output())).toBeGreaterThan(0);

  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ t: string | null }[]>`select to_regclass('public.task_runs')::text as t`;
    expect(row?.t).toBe('task_runs');
  } finally {
    await sql.end();
  }

  const second = runService('migration-svc', { env, args: ['migrate'] });
  expect(await second.exited).toEqual({ code: 0, signal: null });
  expect(appliedOf(second.output())).toBe(0);
}, 60_000);

test('an unknown command exits 1 and lists the known ones', async () => {
  const svc = runService('migration-svc', { args: ['migrat'] });
  expect((await svc.exited).code).toBe(1);
  expect(svc.output()).toContain('"command":"migrat"');
  expect(svc.output()).toContain('"msg":"unknown command"');
  expect(svc.output()).toContain('"commands":["migrate"]');
}, 30_000);
