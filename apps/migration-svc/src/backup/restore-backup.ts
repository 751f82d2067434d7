import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { formatValidationError } from '@repowiki/contracts';
import type { DbClient } from '@repowiki/db';
import { NonRetriableError } from '@repowiki/runtime';
import { publicTable, quoteIdent } from './identifiers.js';
import { MANIFEST_FILE, type Manifest, ManifestSchema } from './manifest.js';
import { readSchemaVersion, tablesInDependencyOrder } from './schema-info.js';

export interface RestoreResult {
  path: string;
  tables: Record<string, number>;
}

/** A backup folder named by the payload: absolute, or relative to BACKUP_DIR; never outside it. */
export function resolveBackupPath(backupDir: string, path: string): string {
  const full = isAbsolute(path) ? resolve(path) : resolve(backupDir, path);
  const rel = relative(resolve(backupDir), full);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    throw new NonRetriableError(`${path} is not a backup inside BACKUP_DIR (${backupDir})`, {
      code: 'bad_path',
    });
  }
  return full;
}

/**
 * Restores a backup made by createBackup. Everything is checked BEFORE the database is
 * touched: the manifest's shape, the schema version, that it covers exactly the current
 * tables, and every file's sha256. Then one transaction empties all tables and COPYs the
 * files back (parents first), checks row counts and moves sequences past the restored ids.
 * Any failure rolls the whole restore back.
 */
export async function restoreBackup(
  db: DbClient,
  folder: string,
  signal: AbortSignal,
): Promise<RestoreResult> {
  const manifest = await readManifest(folder);
  const { sql } = db;
  const order = await tablesInDependencyOrder(sql);
  const schemaVersion = await readSchemaVersion(sql);
  if (manifest.schemaVersion !== schemaVersion) {
    throw new NonRetriableError(
      `backup schema version ${manifest.schemaVersion} differs from the database's ${schemaVersion}: migrate to the same version first`,
      { code: 'schema_mismatch' },
    );
  }
  const inBackup = new Map(manifest.tables.map((t) => [t.name, t]));
  const missing = order.filter((t) => !inBackup.has(t));
  const extra = [...inBackup.keys()].filter((t) => !order.includes(t));
  if (missing.length || extra.length) {
    throw new NonRetriableError(
      `backup tables differ from the database: missing ${missing.join(', ') || '-'}; unknown ${extra.join(', ') || '-'}`,
      {
        code: 'table_mismatch',
      },
    );
  }
  for (const table of manifest.tables) {
    signal.throwIfAborted();
    const digest = await sha256File(join(folder, table.file));
    if (digest !== table.sha256) {
      throw new NonRetriableError(`${table.file}: checksum ${digest} does not match the manifest`, {
        code: 'checksum',
      });
    }
  }

  await sql.begin(async (tx) => {
    await tx.unsafe(`truncate ${order.map(publicTable).join(', ')}`);
    for (const name of order) {
      signal.throwIfAborted();
      const table = inBackup.get(name)!;
      const sink = await tx.unsafe(`copy ${publicTable(name)} from stdin`).writable();
      await pipeline(createReadStream(join(folder, table.file)), sink);
      const [count] = await tx.unsafe<{ n: number }[]>(`select count(*)::int as n from ${publicTable(name)}`);
      if (count?.n !== table.rows)
        throw new Error(`${name}: restored ${count?.n} rows, manifest says ${table.rows}`);
    }
    // Serial/identity columns: the next id must come after the restored ones.
    const serials = await tx<{ table: string; column: string; seq: string }[]>`
      select c.table_name as table, c.column_name as column, pg_get_serial_sequence(format('public.%I', c.table_name), c.column_name) as seq
      from information_schema.columns c
      where c.table_schema = 'public' and pg_get_serial_sequence(format('public.%I', c.table_name), c.column_name) is not null`;
    for (const s of serials) {
      const column = quoteIdent(s.column, 'column');
      await tx.unsafe(
        `select setval($1, coalesce((select max(${column}) from ${publicTable(s.table)}), 0) + 1, false)`,
        [s.seq],
      );
    }
  });
  return { path: folder, tables: Object.fromEntries(manifest.tables.map((t) => [t.name, t.rows])) };
}

async function readManifest(folder: string): Promise<Manifest> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(join(folder, MANIFEST_FILE), 'utf8'));
  } catch (e) {
    throw new NonRetriableError(`${folder} has no readable ${MANIFEST_FILE}`, {
      cause: e,
      code: 'no_manifest',
    });
  }
  const parsed = ManifestSchema.safeParse(raw);
  if (!parsed.success) {
    throw new NonRetriableError(`invalid ${MANIFEST_FILE}: ${formatValidationError(parsed.error)}`, {
      code: 'bad_manifest',
    });
  }
  return parsed.data;
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  } catch (e) {
    throw new NonRetriableError(`${path} is missing or unreadable`, { cause: e, code: 'missing_file' });
  }
  return hash.digest('hex');
}
