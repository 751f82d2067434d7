import type { TaskPayload, TaskResult } from '@repowiki/contracts';
import type { TaskContext } from '@repowiki/runtime';
import { measureMap } from '../map/measure-map.js';
import { regenerateMap } from '../map/regenerate-map.js';

/** Rebuilds one warehouse's map; `nodes` counts the root. */
export async function regenerateMinimap(
  payload: TaskPayload<'tasks.minimap.regenerate'>,
  ctx: TaskContext,
): Promise<TaskResult<'tasks.minimap.regenerate'>> {
  const map = await regenerateMap(ctx.db, payload.warehouseId, ctx.logger);
  const { nodes, depth } = measureMap(map);
  ctx.logger.info({ warehouseId: payload.warehouseId, nodes, depth }, 'mind map stored');
  return { warehouseId: payload.warehouseId, nodes };
}
