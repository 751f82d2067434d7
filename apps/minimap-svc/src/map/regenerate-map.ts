import { type MiniMapNode, repositoryWeb } from '@repowiki/contracts';
import type { DbClient } from '@repowiki/db';
import { NonRetriableError } from '@repowiki/runtime';
import type { Logger } from 'pino';
import { loadCodeOutline } from '../queries/load-code-outline.query.js';
import { findWarehouseForMap, loadSourceAddresses } from '../queries/load-map-source.query.js';
import { upsertMiniMap } from '../queries/upsert-minimap.query.js';
import { buildMiniMap } from './build-minimap.js';
import { listRepositoryFiles } from './list-repository-files.js';

/**
 * Builds a warehouse's map from the code outline warehouse-svc stored (its modules, key
 * symbols and members) and stores it; a warehouse without an outline gets its file tree.
 */
export async function regenerateMap(
  db: DbClient,
  warehouseId: string,
  logger?: Logger,
): Promise<MiniMapNode> {
  const warehouse = await findWarehouseForMap(db.sql, warehouseId);
  if (!warehouse)
    throw new NonRetriableError(`warehouse ${warehouseId} does not exist or is deleted`, {
      code: 'not_found',
    });
  const { outline, invalid } = await loadCodeOutline(db.sql, warehouseId);
  if (invalid) logger?.warn({ warehouseId, invalid }, 'code outline does not parse: file tree drawn');
  const [sources, cloneFiles] = outline
    ? [[], []]
    : await Promise.all([
        loadSourceAddresses(db.sql, warehouseId),
        listRepositoryFiles(warehouse.gitPath ?? ''),
      ]);
  const web = warehouse.type === 'git' ? repositoryWeb(warehouse.address) : undefined;
  const map = buildMiniMap({
    title: warehouse.title,
    ...(outline ? { outline } : {}),
    ...(web ? { web } : {}),
    files: [...new Set([...sources, ...cloneFiles])],
  });
  await upsertMiniMap(db.db, warehouseId, map);
  return map;
}
