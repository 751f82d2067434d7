import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DbClient } from '@repowiki/db';
import { NonRetriableError } from '@repowiki/runtime';
import { backupFileStream } from './backup-folder.js';
import { publicTable, quoteIdent } from './identifiers.js';
import type { Manifest } from './manifest.js';
import { readSignedManifest } from './read-manifest.js';
import { readSchemaVersion, tablesInDependencyOrder } from './schema-info.js';

export interface RestoreResult {
  path: string;
  tables: Record<string, number>;
}

/**
 * Restores a backup made by createBackup from `folder` (the real path `resolveBackupFolder`
 * returned). Everything is checked BEFORE the database is touched: the manifest's signature
 * under `signingKey`, its shape, the schema version, that it covers exactly the current
 * tables, and every file's sha256. Then one transaction empties all tables and COPYs the
 * files back (parents first), hashing each file again as it streams (a file swapped after the
 * check fails the restore), checks row counts and moves sequences past the restored ids.
 * Any failure rolls the whole restore back.
 */
export async function restoreBackup(
  db: DbClient,
  folder: string,
  signingKey: string,
  signal: AbortSignal,
): Promise<RestoreResult> {
  const manifest = await readSignedManifest(folder, signingKey);
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
    const hash = createHash('sha256');
    for await (const chunk of await backupFileStream(folder, table.file)) hash.update(chunk as Buffer);
    checkDigest(table, hash.digest('hex'));
  }

  await sql.begin(async (tx) => {
    await tx.unsafe(`truncate ${order.map(publicTable).join(', ')}`);
    for (const name of order) {
      signal.throwIfAborted();
      const table = inBackup.get(name)!;
      const hash = createHash('sha256');
      const tap = new Transform({
        transform(chunk: Buffer, _enc, done) {
          hash.update(chunk);
          done(null, chunk);
        },
      });
      const sink = await tx.unsafe(`copy ${publicTable(name)} from stdin`).writable();
      await pipeline(await backupFileStream(folder, table.file), tap, sink);
      // MUST: what was copied is what the signed manifest vouches for, or nothing commits.
      checkDigest(table, hash.digest('hex'));
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

function checkDigest(table: Manifest['tables'][number], digest: string): void {
  if (digest !== table.sha256) {
    throw new NonRetriableError(`${table.file}: checksum ${digest} does not match the manifest`, {
      code: 'checksum',
    });
  }
}
