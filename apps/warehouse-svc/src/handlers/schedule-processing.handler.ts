import { TASKS, type TaskPayload, type TaskResult } from '@repowiki/contracts';
import type { TaskContext } from '@repowiki/runtime';
import { warehousesInFlight } from '../persist/in-flight.js';

/** Warehouses submitted per run. @default 5 (SPEC §4) */
const PER_RUN = 5;
/** Candidates read per run, so in-flight ones do not starve the rest. */
const CANDIDATES = 50;
const PROCESS = TASKS['tasks.warehouse.process'].subject;

/** Submits `process` for up to 5 PENDING/PROCESSING warehouses, PROCESSING first, none already in flight. */
export async function scheduleProcessing(_payload: TaskPayload<'tasks.warehouse.schedule-processing'>, ctx: TaskContext): Promise<TaskResult<'tasks.warehouse.schedule-processing'>> {
  const rows = await ctx.db.sql<{ id: string; creator_id: string | null }[]>`
    select id, creator_id from warehouses
    where not is_deleted and status in ('processing', 'pending')
    order by (status = 'processing') desc, updated_at asc, id
    limit ${CANDIDATES}`;
  const busy = await warehousesInFlight(ctx.db, PROCESS, rows.map((r) => r.id));
  const submitted: { warehouseId: string; taskId: string }[] = [];
  for (const row of rows) {
    if (submitted.length >= PER_RUN) break;
    if (busy.has(row.id)) continue;
    const taskId = await ctx.tasks.submit(PROCESS, { warehouseId: row.id }, row.creator_id ? { userId: row.creator_id } : {});
    submitted.push({ warehouseId: row.id, taskId });
  }
  return { submitted };
}
