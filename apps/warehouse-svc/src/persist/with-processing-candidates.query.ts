import type { DbClient } from '@repowiki/db';

export interface Candidate {
  readonly id: string;
  readonly creator_id: string | null;
}

/**
 * Transaction-scoped advisory lock key (any fixed bigint) serialising runs of
 * `schedule-processing`. Two runs at once (a slot fired again after a crash, a manual
 * submit next to the schedule) would otherwise both read the same candidates before either
 * one's ledger PENDING rows exist, and submit the same warehouse twice.
 */
const SCHEDULE_LOCK_KEY = 4_004_001;

/**
 * Runs `use` with up to `limit` PENDING/PROCESSING warehouses (PROCESSING first, oldest
 * first within each status) while holding the scheduling lock: `use` MUST finish every
 * submit before it returns, since submit() commits the ledger PENDING row, and the next run
 * (waiting on the lock) must see those as in flight.
 */
export async function withProcessingCandidates<T>(
  db: DbClient,
  limit: number,
  use: (candidates: readonly Candidate[]) => Promise<T>,
): Promise<T> {
  return db.sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(${SCHEDULE_LOCK_KEY})`;
    // `id` breaks ties so equal timestamps (rows written in one transaction share now())
    // still give one order.
    const rows = await tx<Candidate[]>`
      select id, creator_id from warehouses
      where not is_deleted and status in ('processing', 'pending')
      order by (status = 'processing') desc, updated_at asc, id
      limit ${limit}`;
    return use(rows);
  }) as Promise<T>;
}
