import { TASKS, type TaskPayload, type TaskResult } from '@repowiki/contracts';
import type { TaskContext } from '@repowiki/runtime';
import { createWarehouseConfig, type WarehouseConfig } from '../config/warehouse-config.js';
import { findUpdateCandidates } from '../persist/find-update-candidates.query.js';
import { submitUnlessInFlight } from '../scheduling/submit-unless-in-flight.js';

/** Warehouses submitted per run. @default 3 (SPEC §4) */
const PER_RUN = 3;
const CANDIDATES = 30;
const UPDATE = TASKS['tasks.warehouse.update'].subject;

/** Submits `update` for up to 3 COMPLETED warehouses whose document is older than UPDATE_INTERVAL days, oldest first. */
export async function scheduleUpdates(
  _payload: TaskPayload<'tasks.warehouse.schedule-updates'>,
  ctx: TaskContext,
  config: WarehouseConfig = createWarehouseConfig(),
): Promise<TaskResult<'tasks.warehouse.schedule-updates'>> {
  const rows = await findUpdateCandidates(ctx.db, config.updateIntervalDays, CANDIDATES);
  return submitUnlessInFlight(ctx, UPDATE, rows, PER_RUN);
}
