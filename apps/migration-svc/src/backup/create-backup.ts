import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { chmod, lstat, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DbClient } from '@repowiki/db';
import { FILE_MODE, FOLDER_MODE } from './backup-folder.js';
import { publicTable } from './identifiers.js';
import { MANIFEST_FILE, type Manifest } from './manifest.js';
import { SIGNATURE_FILE, signManifest } from './manifest-signature.js';
import { isSignedBackup } from './read-manifest.js';
import { readSchemaVersion, tablesInDependencyOrder } from './schema-info.js';

export interface BackupOptions {
  /** BACKUP_DIR; created 0700 if missing. */
  backupDir: string;
  /** Signed backups kept; older ones are deleted. */
  keep: number;
  /** BACKUP_SIGNING_KEY: signs the manifest, and tells this service's backups from others. */
  signingKey: string;
}

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
 * `<table>.copy`, a manifest with row counts and sha256 checksums, and `manifest.sig`, its
 * HMAC under the signing key. Folders are 0700 and files 0600 (the data holds password
 * hashes and access logs). The folder is built under a `.partial` name and renamed when
 * complete, so a crash never leaves something that looks like a backup. Then keeps only the
 * newest `keep` signed backups.
 */
export async function createBackup(
  db: DbClient,
  options: BackupOptions,
  signal: AbortSignal,
): Promise<BackupResult> {
  const { backupDir, signingKey } = options;
  const now = new Date();
  const name = `backup-${now.toISOString().replace(/[-:.]/g, '')}`;
  const partial = join(backupDir, `.${name}.partial`);
  await mkdir(backupDir, { recursive: true, mode: FOLDER_MODE });
  await mkdir(partial, { mode: FOLDER_MODE });
  try {
    // The umask may only take bits away; this makes the mode exact.
    await chmod(partial, FOLDER_MODE);
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
        await pipeline(source, tap, createWriteStream(join(partial, file), { mode: FILE_MODE, flags: 'wx' }));
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
    const bytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
    await writeFile(join(partial, MANIFEST_FILE), bytes, { mode: FILE_MODE, flag: 'wx' });
    await writeFile(join(partial, SIGNATURE_FILE), signManifest(bytes, signingKey), {
      mode: FILE_MODE,
      flag: 'wx',
    });
    const path = join(backupDir, name);
    await rename(partial, path);
    const removed = await applyRetention(backupDir, options.keep, signingKey);
    return { path, tables: Object.fromEntries(manifest.tables.map((t) => [t.name, t.rows])), removed };
  } catch (e) {
    await rm(partial, { recursive: true, force: true });
    throw e;
  }
}

/**
 * Deletes signed backups beyond the newest `keep`. Only real folders (not symlinks) signed
 * with this key count: folders someone else put into BACKUP_DIR, however they are named,
 * can neither push genuine backups out nor be deleted by it.
 * @returns the deleted folders
 */
async function applyRetention(backupDir: string, keep: number, signingKey: string): Promise<string[]> {
  const names: string[] = [];
  for (const entry of await readdir(backupDir)) {
    const path = join(backupDir, entry);
    if (!BACKUP_NAME.test(entry) || !(await lstat(path)).isDirectory()) continue;
    if (await isSignedBackup(path, signingKey)) names.push(entry);
  }
  const doomed = names.sort().reverse().slice(keep);
  for (const old of doomed) await rm(join(backupDir, old), { recursive: true, force: true });
  return doomed.map((d) => join(backupDir, d));
}
