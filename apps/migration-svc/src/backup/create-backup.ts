import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DbClient } from '@repowiki/db';
import { publicTable } from './identifiers.js';
import { MANIFEST_FILE, type Manifest } from './manifest.js';
import { readSchemaVersion, tablesInDependencyOrder } from './schema-info.js';

export interface BackupResult {
  path: string;
  /** Rows per table. */
  tables: Record<string, number>;
  /** Older backups deleted by retention. */
  removed: string[];
}

/** Folder names of finished backups; they sort by time. */
const BACKUP_NAME = /^backup-\d{8}T\d{6}\d{3}Z$/;

/**
 * Writes a consistent snapshot of every table: one REPEATABLE READ, READ ONLY transaction
 * (all tables as of one instant, writers never blocked), `COPY … TO STDOUT` per table into
 * `<table>.copy`, and a manifest with row counts and sha256 checksums. The folder is built
 * under a `.partial` name and renamed when complete, so a crash never leaves something
 * that looks like a backup. Then keeps only the newest `keep` backups.
 */
export async function createBackup(
  db: DbClient,
  backupDir: string,
  keep: number,
  signal: AbortSignal,
): Promise<BackupResult> {
  const now = new Date();
  const name = `backup-${now.toISOString().replace(/[-:.]/g, '')}`;
  const partial = join(backupDir, `.${name}.partial`);
  await mkdir(partial, { recursive: true });
  try {
    const manifest = await db.sql.begin('isolation level repeatable read read only', async (tx) => {
      const tables: Manifest['tables'] = [];
      for (const table of await tablesInDependencyOrder(tx)) {
        signal.throwIfAborted();
        const file = `${table}.copy`;
        const hash = createHash('sha256');
        let bytes = 0;
        const source = await tx.unsafe(`copy ${publicTable(table)} to stdout`).readable();
        const tap = new Transform({
          transform(chunk: Buffer, _enc, done) {
            hash.update(chunk);
            bytes += chunk.length;
            done(null, chunk);
          },
        });
        await pipeline(source, tap, createWriteStream(join(partial, file)));
        const [count] = await tx.unsafe<{ n: number }[]>(
          `select count(*)::int as n from ${publicTable(table)}`,
        );
        tables.push({ name: table, file, rows: count?.n ?? 0, bytes, sha256: hash.digest('hex') });
      }
      return {
        format: 1,
        createdAt: now.toISOString(),
        schemaVersion: await readSchemaVersion(tx),
        tables,
      } satisfies Manifest;
    });
    await writeFile(join(partial, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    const path = join(backupDir, name);
    await rename(partial, path);
    const removed = await applyRetention(backupDir, keep);
    return { path, tables: Object.fromEntries(manifest.tables.map((t) => [t.name, t.rows])), removed };
  } catch (e) {
    await rm(partial, { recursive: true, force: true });
    throw e;
  }
}

/** Deletes finished backups beyond the newest `keep`. @returns the deleted folders */
async function applyRetention(backupDir: string, keep: number): Promise<string[]> {
  const names: string[] = [];
  for (const entry of await readdir(backupDir)) {
    if (BACKUP_NAME.test(entry) && (await stat(join(backupDir, entry))).isDirectory()) names.push(entry);
  }
  const doomed = names.sort().reverse().slice(keep);
  for (const old of doomed) await rm(join(backupDir, old), { recursive: true, force: true });
  return doomed.map((d) => join(backupDir, d));
}
