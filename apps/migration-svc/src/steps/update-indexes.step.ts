import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DbClient, MIGRATIONS_DIR } from '@repowiki/db';
import type { Logger } from 'pino';
import type { StepResult } from './step-result.js';

export interface ExpectedIndex {
  name: string;
  /** `CREATE [UNIQUE] INDEX CONCURRENTLY IF NOT EXISTS …`. */
  ddl: string;
}

/**
 * The indexes the schema expects: the committed drizzle-kit migrations replayed in order
 * (CREATE INDEX adds, DROP INDEX removes), so a new migration's index is covered, and a
 * dropped one is not brought back, without touching this file.
 */
export function expectedIndexes(dir = MIGRATIONS_DIR): ExpectedIndex[] {
  const byName = new Map<string, ExpectedIndex>();
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()) {
    for (const statement of readFileSync(join(dir, file), 'utf8').split('--> statement-breakpoint')) {
      const dropped = /^DROP INDEX (?:CONCURRENTLY )?(?:IF EXISTS )?(?:"[^"]+"\.)?"([^"]+)"/i.exec(
        statement.trim(),
      );
      if (dropped?.[1]) {
        byName.delete(dropped[1]);
        continue;
      }
      const m = /CREATE (UNIQUE )?INDEX (?:IF NOT EXISTS )?"([^"]+)"(.*)$/is.exec(statement.trim());
      if (!m) continue;
      const [, unique = '', name = '', rest = ''] = m;
      byName.set(name, {
        name,
        ddl: `CREATE ${unique}INDEX CONCURRENTLY IF NOT EXISTS "${name}"${rest.replace(/;\s*$/, '')}`,
      });
    }
  }
  return [...byName.values()];
}

/**
 * Creates missing expected indexes without blocking writes (CONCURRENTLY, so never inside a
 * transaction), rebuilds any left INVALID by an interrupted concurrent build, then ANALYZE.
 */
export async function updateIndexes(db: DbClient, logger: Logger, signal?: AbortSignal): Promise<StepResult> {
  const { sql } = db;
  let changed = 0;
  for (const index of expectedIndexes()) {
    signal?.throwIfAborted();
    const [state] = await sql<{ valid: boolean }[]>`
      select i.indisvalid as valid from pg_index i join pg_class c on c.oid = i.indexrelid
      where c.relname = ${index.name} and c.relnamespace = 'public'::regnamespace`;
    if (state?.valid) continue;
    if (state && !state.valid) {
      logger.warn({ index: index.name }, 'rebuilding invalid index');
      await sql.unsafe(`DROP INDEX CONCURRENTLY IF EXISTS "${index.name}"`);
    }
    await sql.unsafe(index.ddl);
    logger.info({ index: index.name }, 'index created');
    changed++;
  }
  await sql`analyze`;
  return { step: 'update-indexes', changed };
}
