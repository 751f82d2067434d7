import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NonRetriableError } from '@repowiki/runtime';
import { test } from '@repowiki/testkit';
import { afterAll, describe, expect } from 'vitest';
import { createBackup } from './create-backup.js';
import { ManifestSchema } from './manifest.js';
import { resolveBackupPath, restoreBackup } from './restore-backup.js';

const dir = mkdtempSync(join(tmpdir(), 'rw-backups-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const signal = new AbortController().signal;

type Sql = import('@repowiki/db').DbClient['sql'];
/** Everything a user would see change: users, pages (a self-referencing tree), access log. */
async function state(sql: Sql) {
  return {
    users: await sql`select id, email, password from users order by email`,
    pages: await sql`select id, parent_id, name from document_catalogs order by name`,
    access: await sql`select id, message_id from access_records order by id`,
  };
}

async function seed(sql: Sql): Promise<void> {
  await sql`insert into users (name, email, password) values ('a', 'a@example.com', 'h1'), ('b', 'b@example.com', 'h2')`;
  const [w] = await sql<
    { id: string }[]
  >`insert into warehouses (name, address) values ('wiki', 'x') returning id`;
  const [d] = await sql<
    { id: string }[]
  >`insert into documents (warehouse_id, git_path) values (${w!.id}, '/x') returning id`;
  const [root] = await sql<{ id: string }[]>`
    insert into document_catalogs (warehouse_id, document_id, name, url) values (${w!.id}, ${d!.id}, 'Root', 'root') returning id`;
  await sql`insert into document_catalogs (warehouse_id, document_id, parent_id, name, url)
            values (${w!.id}, ${d!.id}, ${root!.id}, 'Child', 'child')`;
  for (const m of ['m1', 'm2', 'm3']) {
    await sql`insert into access_records (message_id, resource_type, ip_address, path, method, status_code, response_time, occurred_at)
              values (${m}, 'repository', '1.2.3.4', '/', 'GET', 200, 1, now())`;
  }
}

describe('backup and restore', () => {
  test('a backup restores the exact data, and ids continue after the restored ones', async ({ dbClient }) => {
    const { sql } = dbClient;
    await seed(sql);
    const before = await state(sql);
    const backup = await createBackup(dbClient, dir, 5, signal);
    expect(backup.tables).toMatchObject({ users: 2, document_catalogs: 2, access_records: 3, warehouses: 1 });

    // The manifest vouches for every file.
    const manifest = ManifestSchema.parse(
      JSON.parse(readFileSync(join(backup.path, 'manifest.json'), 'utf8')),
    );
    for (const t of manifest.tables) {
      const content = readFileSync(join(backup.path, t.file));
      expect(createHash('sha256').update(content).digest('hex')).toBe(t.sha256);
      expect(content.toString().split('\n').filter(Boolean)).toHaveLength(t.rows);
    }

    await sql`delete from users where email = 'a@example.com'`;
    await sql`delete from document_catalogs where name = 'Child'`;
    await sql`insert into access_records (message_id, resource_type, ip_address, path, method, status_code, response_time, occurred_at)
              values ('m4', 'repository', '1.2.3.4', '/', 'GET', 200, 1, now())`;

    const restored = await restoreBackup(dbClient, backup.path, signal);
    expect(restored.tables).toEqual(backup.tables);
    expect(await state(sql)).toEqual(before);
    const [next] = await sql<{ id: number }[]>`
      insert into access_records (message_id, resource_type, ip_address, path, method, status_code, response_time, occurred_at)
      values ('m5', 'repository', '1.2.3.4', '/', 'GET', 200, 1, now()) returning id`;
    expect(Number(next!.id)).toBeGreaterThan(Math.max(...before.access.map((a) => Number(a.id))));
  });

  test('a tampered backup is refused before anything is touched', async ({ dbClient }) => {
    const { sql } = dbClient;
    const backup = await createBackup(dbClient, dir, 5, signal);
    const now = await state(sql);
    writeFileSync(join(backup.path, 'users.copy'), 'forged\tdata\n', { flag: 'a' });
    await expect(restoreBackup(dbClient, backup.path, signal)).rejects.toThrow(/users.copy: checksum/);
    rmSync(join(backup.path, 'manifest.json'));
    await expect(restoreBackup(dbClient, backup.path, signal)).rejects.toBeInstanceOf(NonRetriableError);
    expect(await state(sql)).toEqual(now);
  });

  test('keeps only the newest `keep` backups', async ({ dbClient }) => {
    const own = mkdtempSync(join(dir, 'retention-'));
    const paths = [];
    for (let i = 0; i < 3; i++) {
      paths.push((await createBackup(dbClient, own, 2, signal)).path);
      await new Promise((r) => setTimeout(r, 5)); // distinct millisecond names
    }
    expect(readdirSync(own).sort()).toEqual(paths.slice(1).map((p) => p.slice(own.length + 1)));
  });

  test('a table whose name is not a plain identifier stops backup and restore; no other schema is read or written', async ({
    dbClient,
  }) => {
    const { sql } = dbClient;
    const good = await createBackup(dbClient, dir, 5, signal);
    // postgres.js `sql(name)` splits a dotted name: "other.secret" became "other"."secret".
    await sql`create schema other`;
    await sql`create table other.secret (v text)`;
    await sql`insert into other.secret values ('secret-data')`;
    await sql`create table public."other.secret" (v text)`;
    try {
      await expect(createBackup(dbClient, dir, 5, signal)).rejects.toThrow(
        /table "other.secret" .*not a plain identifier/,
      );
      await expect(restoreBackup(dbClient, good.path, signal)).rejects.toBeInstanceOf(NonRetriableError);
      for (const entry of readdirSync(dir, { recursive: true })) {
        if (String(entry).endsWith('.copy')) {
          expect(readFileSync(join(dir, String(entry)), 'utf8')).not.toContain('secret-data');
        }
      }
      const [kept] = await sql<{ n: number }[]>`select count(*)::int as n from other.secret`;
      expect(kept?.n).toBe(1);
    } finally {
      await sql`drop table public."other.secret"`;
      await sql`drop schema other cascade`;
    }
  });

  test('restore only reads folders inside BACKUP_DIR', () => {
    expect(resolveBackupPath('/backups', 'backup-1')).toBe('/backups/backup-1');
    expect(resolveBackupPath('/backups', '/backups/backup-1')).toBe('/backups/backup-1');
    expect(() => resolveBackupPath('/backups', '/etc')).toThrow(NonRetriableError);
    expect(() => resolveBackupPath('/backups', '../etc')).toThrow(NonRetriableError);
    expect(() => resolveBackupPath('/backups', '.')).toThrow(NonRetriableError);
  });
});
