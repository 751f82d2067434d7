import type { TaskPayload, TaskResult } from '@repowiki/contracts';
import { NonRetriableError, type TaskContext } from '@repowiki/runtime';
import { checkMap } from '../map/check-map.js';
import { linkContext } from '../map/link-context.js';
import { listRepositoryFiles } from '../map/list-repository-files.js';
import { findMinimap } from '../queries/find-minimap.query.js';
import { loadCodeOutline } from '../queries/load-code-outline.query.js';
import { findWarehouseForMap, loadSourceAddresses } from '../queries/load-map-source.query.js';

/**
 * Checks a warehouse's stored map: shape, size, and links against the repository's files
 * (the wiki's source addresses plus the clone on disk when this worker has it): web links
 * must be this repository's at the outline's commit, line ranges inside their files.
 */
export async function validateMinimap(
  payload: TaskPayload<'tasks.minimap.validate'>,
  ctx: TaskContext,
): Promise<TaskResult<'tasks.minimap.validate'>> {
  const warehouse = await findWarehouseForMap(ctx.db.sql, payload.warehouseId);
  if (!warehouse) {
    throw new NonRetriableError(`warehouse ${payload.warehouseId} does not exist or is deleted`, {
      code: 'not_found',
    });
  }
  const stored = await findMinimap(ctx.db.sql, warehouse.id);
  if (!stored)
    return { valid: false, nodes: 0, depth: 0, problems: ['no mind map is stored for this warehouse'] };
  const [sources, cloneFiles] = await Promise.all([
    loadSourceAddresses(ctx.db.sql, warehouse.id),
    listRepositoryFiles(warehouse.gitPath ?? ''),
  ]);
  const files = [...sources, ...cloneFiles];
  if (files.length === 0)
    ctx.logger.warn({ warehouseId: warehouse.id }, 'no repository file list: links not checked');
  const { outline } = await loadCodeOutline(ctx.db.sql, warehouse.id);
  const links = await linkContext(
    stored.value,
    warehouse,
    outline?.commit ?? warehouse.version ?? undefined,
    cloneFiles,
  );
  const result = checkMap(stored.value, files, links);
  ctx.logger.info({ warehouseId: warehouse.id, ...result }, 'mind map validated');
  return result;
}
