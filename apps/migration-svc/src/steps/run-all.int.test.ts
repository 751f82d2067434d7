import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from '@repowiki/testkit';
import pino from 'pino';
import { describe, expect } from 'vitest';
import { runAllSteps } from './run-all.js';

describe('run (all steps)', () => {
  test('two runs at once: one does the work, the other waits and finds nothing to do', async ({
    dbClient,
    databaseUrl,
  }) => {
    const { sql } = dbClient;
    await sql`insert into warehouses (name, address, legacy_status) values ('legacy', 'x', 2)`;
    await sql`drop index access_records_occurred_at_index`;
    const dir = mkdtempSync(join(tmpdir(), 'rw-run-all-'));
    const passwordFile = join(dir, 'admin-password');
    const options = {
      databaseUrl,
      adminEmail: 'ops@example.com',
      generatedPasswordFile: passwordFile,
      signal: new AbortController().signal,
      logger: pino({ level: 'silent' }),
    };
    const runs = await Promise.all([runAllSteps(dbClient, options), runAllSteps(dbClient, options)]);

    for (const steps of runs) {
      expect(steps.map((s) => s.step)).toEqual([
        'schema',
        'initialize-users',
        'migrate-warehouses',
        'migrate-documents',
        'update-indexes',
      ]);
    }
    const totals = runs.map((steps) => steps.reduce((n, s) => n + s.changed, 0)).sort((a, b) => a - b);
    expect(totals[0]).toBe(0);
    const busy = runs.find((steps) => steps.some((s) => s.changed > 0))!;
    expect(busy.find((s) => s.step === 'migrate-warehouses')?.changed).toBe(1);
    expect(busy.find((s) => s.step === 'update-indexes')?.changed).toBe(1);

    expect(readFileSync(passwordFile, 'utf8').trim()).toMatch(/^[\w-]{24}$/);
    rmSync(dir, { recursive: true, force: true });
    const [admins] = await sql<
      { n: number }[]
    >`select count(*)::int as n from users where email = 'ops@example.com'`;
    expect(admins?.n).toBe(1);
    const [w] = await sql<{ status: string }[]>`select status::text from warehouses where name = 'legacy'`;
    expect(w?.status).toBe('completed');
  });
});
