import { TASKS, type TaskPayload, type TaskResult } from '@repowiki/contracts';
import type { TaskContext } from '@repowiki/runtime';
import { withProcessingCandidates } from '../persist/with-processing-candidates.query.js';
import { submitUnlessInFlight } from '../scheduling/submit-unless-in-flight.js';

/** Warehouses submitted per run. @default 5 (SPEC §4) */
const PER_RUN = 5;
/** Candidates read per run, so in-flight ones do not starve the rest. */
const CANDIDATES = 50;
const PROCESS = TASKS['tasks.warehouse.process'].subject;

/** Submits `process` for up to 5 PENDING/PROCESSING warehouses, PROCESSING first, none already in flight. */
export async function scheduleProcessing(
  _payload: TaskPayload<'tasks.warehouse.schedule-processing'>,
  ctx: TaskContext,
): Promise<TaskResult<'tasks.warehouse.schedule-processing'>> {
  // Every submit happens inside: the lock is held until the last one has returned.
  return withProcessingCandidates(ctx.db, CANDIDATES, (rows) =>
    submitUnlessInFlight(ctx, PROCESS, rows, PER_RUN),
  );
}
