import { createHash } from 'node:crypto';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NonRetriableError } from '@repowiki/runtime';
import { test } from '@repowiki/testkit';
import { afterAll, describe, expect } from 'vitest';
import { resolveBackupFolder } from './backup-folder.js';
import { createBackup } from './create-backup.js';
import { ManifestSchema } from './manifest.js';
import { signManifest } from './manifest-signature.js';
import { restoreBackup } from './restore-backup.js';

const dir = mkdtempSync(join(tmpdir(), 'rw-backups-'));
const outsideDir = mkdtempSync(join(tmpdir(), 'rw-elsewhere-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(outsideDir, { recursive: true, force: true });
});
const signal = new AbortController().signal;
const key = 'k'.repeat(32);
const backupTo = (db: import('@repowiki/db').DbClient, backupDir = dir, keep = 50) =>
  createBackup(db, { backupDir, keep, signingKey: key }, signal);

/** The NonRetriableError code a promise rejects with. */
async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(NonRetriableError);
    return (e as NonRetriableError).code;
  }
  throw new Error('expected a NonRetriableError');
}

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
    const backup = await backupTo(dbClient);
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

    const restored = await restoreBackup(dbClient, backup.path, key, signal);
    expect(restored.tables).toEqual(backup.tables);
    expect(await state(sql)).toEqual(before);
    const [next] = await sql<{ id: number }[]>`
      insert into access_records (message_id, resource_type, ip_address, path, method, status_code, response_time, occurred_at)
      values ('m5', 'repository', '1.2.3.4', '/', 'GET', 200, 1, now()) returning id`;
    expect(Number(next!.id)).toBeGreaterThan(Math.max(...before.access.map((a) => Number(a.id))));
  });

  test('a tampered backup is refused before anything is touched', async ({ dbClient }) => {
    const { sql } = dbClient;
    const backup = await backupTo(dbClient);
    const now = await state(sql);
    writeFileSync(join(backup.path, 'users.copy'), 'forged\tdata\n', { flag: 'a' });
    await expect(restoreBackup(dbClient, backup.path, key, signal)).rejects.toThrow(/users.copy: checksum/);
    rmSync(join(backup.path, 'manifest.json'));
    expect(await codeOf(restoreBackup(dbClient, backup.path, key, signal))).toBe('no_manifest');
    expect(await state(sql)).toEqual(now);
  });

  test('backups are private: folders 0700, files 0600', async ({ dbClient }) => {
    const own = join(mkdtempSync(join(dir, 'modes-')), 'created-by-backup');
    const backup = await backupTo(dbClient, own);
    expect(statSync(own).mode & 0o777).toBe(0o700);
    expect(statSync(backup.path).mode & 0o777).toBe(0o700);
    const files = readdirSync(backup.path);
    expect(files).toContain('manifest.sig');
    for (const f of files) expect([f, statSync(join(backup.path, f)).mode & 0o777]).toEqual([f, 0o600]);
  });

  test('a forged folder is refused: unsigned, signed with another key, or data and checksums rewritten', async ({
    dbClient,
  }) => {
    const { sql } = dbClient;
    const genuine = await backupTo(dbClient);
    const now = await state(sql);
    // Whoever can write into BACKUP_DIR copies a genuine backup and puts their own users in,
    // fixing the checksum and row count in the manifest.
    const forged = join(dir, 'backup-20991231T235959999Z');
    cpSync(genuine.path, forged, { recursive: true });
    const users = 'forged\n';
    writeFileSync(join(forged, 'users.copy'), users);
    const manifest = ManifestSchema.parse(JSON.parse(readFileSync(join(forged, 'manifest.json'), 'utf8')));
    for (const t of manifest.tables) {
      if (t.name !== 'users') continue;
      t.sha256 = createHash('sha256').update(users).digest('hex');
      t.rows = 1;
      t.bytes = users.length;
    }
    const bytes = Buffer.from(JSON.stringify(manifest));
    writeFileSync(join(forged, 'manifest.json'), bytes);
    // The genuine signature no longer matches.
    expect(await codeOf(restoreBackup(dbClient, forged, key, signal))).toBe('bad_signature');
    // Signed with a key that is not the service's.
    writeFileSync(join(forged, 'manifest.sig'), signManifest(bytes, 'x'.repeat(32)));
    expect(await codeOf(restoreBackup(dbClient, forged, key, signal))).toBe('bad_signature');
    // No signature at all.
    rmSync(join(forged, 'manifest.sig'));
    expect(await codeOf(restoreBackup(dbClient, forged, key, signal))).toBe('unsigned');
    expect(await state(sql)).toEqual(now);
    rmSync(forged, { recursive: true });
  });

  test('keeps only the newest `keep` signed backups; folders it did not sign are neither counted nor deleted', async ({
    dbClient,
  }) => {
    const own = mkdtempSync(join(dir, 'retention-'));
    // Planted folders with backup names that sort after every real one.
    mkdirSync(join(own, 'backup-20991231T235959998Z'));
    symlinkSync(outsideDir, join(own, 'backup-20991231T235959999Z'));
    const paths = [];
    for (let i = 0; i < 3; i++) {
      paths.push((await backupTo(dbClient, own, 2)).path);
      await new Promise((r) => setTimeout(r, 5)); // distinct millisecond names
    }
    expect(readdirSync(own).sort()).toEqual(
      [
        ...paths.slice(1).map((p) => p.slice(own.length + 1)),
        'backup-20991231T235959998Z',
        'backup-20991231T235959999Z',
      ].sort(),
    );
    expect(readdirSync(outsideDir)).toEqual([]);
  });

  test('a table whose name is not a plain identifier stops backup and restore; no other schema is read or written', async ({
    dbClient,
  }) => {
    const { sql } = dbClient;
    const good = await backupTo(dbClient);
    // postgres.js `sql(name)` splits a dotted name: "other.secret" became "other"."secret".
    await sql`create schema other`;
    await sql`create table other.secret (v text)`;
    await sql`insert into other.secret values ('secret-data')`;
    await sql`create table public."other.secret" (v text)`;
    try {
      await expect(backupTo(dbClient)).rejects.toThrow(/table "other.secret" .*not a plain identifier/);
      expect(await codeOf(restoreBackup(dbClient, good.path, key, signal))).toBe('bad_identifier');
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

  test('restore only reads folders inside BACKUP_DIR, by their real path: a symlink out of it is refused', async ({
    dbClient,
  }) => {
    const backupDir = mkdtempSync(join(dir, 'paths-'));
    const inside = await backupTo(dbClient, backupDir);
    const name = inside.path.slice(backupDir.length + 1);
    expect(await resolveBackupFolder(backupDir, name)).toBe(inside.path);
    expect(await resolveBackupFolder(backupDir, inside.path)).toBe(inside.path);
    for (const path of ['/etc', '../etc', '.', 'no-such-backup']) {
      expect(await codeOf(resolveBackupFolder(backupDir, path))).toBe('bad_path');
    }
    // A genuine, signed backup outside BACKUP_DIR, reached through a symlink inside it.
    const elsewhere = await backupTo(dbClient, mkdtempSync(join(outsideDir, 'other-')));
    symlinkSync(elsewhere.path, join(backupDir, 'backup-link'));
    expect(await codeOf(resolveBackupFolder(backupDir, 'backup-link'))).toBe('bad_path');
    // A symlink that stays inside is fine.
    symlinkSync(inside.path, join(backupDir, 'latest'));
    expect(await resolveBackupFolder(backupDir, 'latest')).toBe(inside.path);

    // A table file replaced by a symlink to a file outside (same bytes, so checksums match).
    const users = join(inside.path, 'users.copy');
    cpSync(users, join(outsideDir, 'users.copy'));
    rmSync(users);
    symlinkSync(join(outsideDir, 'users.copy'), users);
    expect(await codeOf(restoreBackup(dbClient, inside.path, key, signal))).toBe('missing_file');
  });
});
