import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestContext } from '@repowiki/runtime/testing';
import { test } from '@repowiki/testkit';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { backupDatabase } from './backup.handler.js';
import { restoreDatabase } from './restore.handler.js';
import { runMigrations } from './run.handler.js';
import { schemaMigration } from './schema.handler.js';

// Handlers read the service's env (as at boot); this file's database stands in for DATABASE_URL.
const backupDir = mkdtempSync(join(tmpdir(), 'rw-migration-env-'));
const saved = { ...process.env };
beforeAll(() => {
  process.env.BACKUP_DIR = backupDir;
  process.env.ADMIN_EMAIL = 'root@example.com';
  process.env.ADMIN_PASSWORD = 'from-the-env-1';
  process.env.BACKUP_SIGNING_KEY = 'a-test-signing-key-of-32-chars!!';
});
afterAll(() => {
  process.env = saved;
  rmSync(backupDir, { recursive: true, force: true });
});

describe('migration handlers', () => {
  test('schema rebuilds an empty database; run then seeds it from ADMIN_EMAIL', async ({
    dbClient,
    databaseUrl,
  }) => {
    process.env.DATABASE_URL = databaseUrl;
    const { sql } = dbClient;
    await sql`drop schema public cascade`;
    await sql`drop schema drizzle cascade`;
    await sql`create schema public`;
    const schema = await schemaMigration({}, createTestContext(dbClient, 'tasks.migration.schema'));
    expect(schema.step).toBe('schema');
    expect(schema.changed).toBeGreaterThan(0);

    const { steps } = await runMigrations({}, createTestContext(dbClient, 'tasks.migration.run'));
    expect(steps[0]).toEqual({ step: 'schema', changed: 0 });
    const [admin] = await sql<{ role: string }[]>`
      select r.name as role from users u join user_in_roles x on x.user_id = u.id join roles r on r.id = x.role_id
      where u.email = 'root@example.com'`;
    expect(admin?.role).toBe('admin');
  });

  test('backup writes into BACKUP_DIR and restore takes a path relative to it', async ({ dbClient }) => {
    const backup = await backupDatabase({ keep: 3 }, createTestContext(dbClient, 'tasks.migration.backup'));
    expect(backup.path.startsWith(backupDir)).toBe(true);
    expect(existsSync(join(backup.path, 'manifest.json'))).toBe(true);
    await dbClient.sql`delete from users`;
    const name = backup.path.slice(backupDir.length + 1);
    const restored = await restoreDatabase(
      { path: name },
      createTestContext(dbClient, 'tasks.migration.restore'),
    );
    expect(restored.tables).toEqual(backup.tables);
    const [row] = await dbClient.sql<{ n: number }[]>`select count(*)::int as n from users`;
    expect(row?.n).toBe(backup.tables.users);
  });

  test('without BACKUP_SIGNING_KEY backup and restore refuse to run, naming it', async ({ dbClient }) => {
    const backup = await backupDatabase({}, createTestContext(dbClient, 'tasks.migration.backup'));
    delete process.env.BACKUP_SIGNING_KEY;
    try {
      await expect(backupDatabase({}, createTestContext(dbClient, 'tasks.migration.backup'))).rejects.toThrow(
        /BACKUP_SIGNING_KEY is not set/,
      );
      await expect(
        restoreDatabase({ path: backup.path }, createTestContext(dbClient, 'tasks.migration.restore')),
      ).rejects.toMatchObject({ name: 'NonRetriableError', code: 'no_signing_key' });
    } finally {
      process.env.BACKUP_SIGNING_KEY = 'a-test-signing-key-of-32-chars!!';
    }
  });
});
