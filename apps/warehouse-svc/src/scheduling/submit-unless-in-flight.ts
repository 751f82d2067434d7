import type { SubmittedResult } from '@repowiki/contracts';
import type { TaskContext } from '@repowiki/runtime';
import { warehousesInFlight } from '../persist/find-warehouses-in-flight.query.js';

type WarehouseTask = 'tasks.warehouse.process' | 'tasks.warehouse.update';

/**
 * Submits `subject` for candidates in their order, skipping warehouses that already have one
 * in flight, until `perRun` are submitted. The task counts against the warehouse's creator.
 */
export async function submitUnlessInFlight(
  ctx: TaskContext,
  subject: WarehouseTask,
  candidates: readonly { id: string; creator_id: string | null }[],
  perRun: number,
): Promise<SubmittedResult> {
  const busy = await warehousesInFlight(
    ctx.db,
    subject,
    candidates.map((r) => r.id),
  );
  const submitted: SubmittedResult['submitted'] = [];
  for (const row of candidates) {
    if (submitted.length >= perRun) break;
    if (busy.has(row.id)) continue;
    const taskId = await ctx.tasks.submit(
      subject,
      { warehouseId: row.id },
      row.creator_id ? { userId: row.creator_id } : {},
    );
    submitted.push({ warehouseId: row.id, taskId });
  }
  return { submitted };
}
