import { TASKS, type TaskPayload, type TaskResult } from '@repowiki/contracts';
import type { TaskContext } from '@repowiki/runtime';
import { submitUnlessInFlight } from '../scheduling/submit-unless-in-flight.js';

/** Warehouses submitted per run. @default 5 (SPEC §4) */
const PER_RUN = 5;
/** Candidates read per run, so in-flight ones do not starve the rest. */
const CANDIDATES = 50;
const PROCESS = TASKS['tasks.warehouse.process'].subject;
/**
 * Transaction-scoped advisory lock key (any fixed bigint) serialising runs of this task.
 * Two runs at once (a slot fired again after a crash, a manual submit next to the
 * schedule) would otherwise both read the same candidates before either one's ledger
 * PENDING rows exist, and submit the same warehouse twice.
 */
const SCHEDULE_LOCK_KEY = 4_004_001;

/** Submits `process` for up to 5 PENDING/PROCESSING warehouses, PROCESSING first, none already in flight. */
export async function scheduleProcessing(
  _payload: TaskPayload<'tasks.warehouse.schedule-processing'>,
  ctx: TaskContext,
): Promise<TaskResult<'tasks.warehouse.schedule-processing'>> {
  return ctx.db.sql.begin(async (tx) => {
    // MUST be held until every submit has returned: submit() commits the ledger PENDING
    // row before it returns, so the next run (waiting here) sees these as in flight.
    await tx`select pg_advisory_xact_lock(${SCHEDULE_LOCK_KEY})`;
    // Oldest first within each status; `id` breaks ties so equal timestamps (rows written
    // in one transaction share now()) still give one order.
    const rows = await tx<{ id: string; creator_id: string | null }[]>`
      select id, creator_id from warehouses
      where not is_deleted and status in ('processing', 'pending')
      order by (status = 'processing') desc, updated_at asc, id
      limit ${CANDIDATES}`;
    return submitUnlessInFlight(ctx, PROCESS, rows, PER_RUN);
  });
}
