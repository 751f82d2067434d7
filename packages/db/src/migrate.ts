import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate as drizzleMigrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';

/** Folder of the committed drizzle-kit SQL migrations. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../drizzle', import.meta.url));

/** Arbitrary constant: the advisory lock every migrator takes. */
const MIGRATION_LOCK_KEY = 72_190_331;

export interface MigrateResult {
  /** Migrations applied by this call (0 when the schema was already current). */
  applied: number;
}

/**
 * Applies pending migrations. Concurrent callers (two migration jobs, tests) serialise on a
 * session advisory lock; the second finds nothing left to do.
 */
export async function migrate(url: string): Promise<MigrateResult> {
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  const lockConn = await sql.reserve();
  try {
    await lockConn`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    const before = await countApplied(sql);
    await drizzleMigrate(drizzle(sql), { migrationsFolder: MIGRATIONS_DIR });
    const after = await countApplied(sql);
    return { applied: after - before };
  } finally {
    // MUST release even on failure, or the next migrator waits forever.
    await lockConn`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.catch(() => {});
    lockConn.release();
    await sql.end({ timeout: 5 });
  }
}

async function countApplied(sql: postgres.Sql): Promise<number> {
  const [exists] = await sql<
    { t: string | null }[]
  >`select to_regclass('drizzle.__drizzle_migrations')::text as t`;
  if (!exists?.t) return 0;
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`;
  return row?.n ?? 0;
}
