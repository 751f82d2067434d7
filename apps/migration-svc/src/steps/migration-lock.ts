import type { DbClient } from '@repowiki/db';

/**
 * Arbitrary constant for the data-migration steps; differs from packages/db's schema lock so
 * that `run` can hold this one while `migrate()` takes its own.
 */
const STEPS_LOCK_KEY = 72_190_332;
/** Pause between attempts to take the lock. @default 250 ms */
const RETRY_MS = 250;

/**
 * Runs `fn` while holding a session advisory lock: two migration tasks (two replicas, or
 * `run` and a single step) never interleave; the second waits and then finds nothing to do.
 *
 * The waiter polls with pg_try_advisory_lock instead of blocking in pg_advisory_lock: a
 * blocked statement holds a snapshot, and CREATE INDEX CONCURRENTLY in the holder's
 * `update-indexes` step would wait for that snapshot to end: a deadlock.
 */
export async function withMigrationLock<T>(
  db: DbClient,
  signal: AbortSignal,
  fn: () => Promise<T>,
): Promise<T> {
  const conn = await db.sql.reserve();
  try {
    for (;;) {
      signal.throwIfAborted();
      const [row] = await conn<
        { locked: boolean }[]
      >`select pg_try_advisory_lock(${STEPS_LOCK_KEY}) as locked`;
      if (row?.locked) break;
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
    try {
      return await fn();
    } finally {
      // MUST release, or every later migration waits forever on this session.
      await conn`select pg_advisory_unlock(${STEPS_LOCK_KEY})`;
    }
  } finally {
    conn.release();
  }
}
