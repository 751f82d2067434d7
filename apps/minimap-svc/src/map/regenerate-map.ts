import type { MiniMapNode } from '@repowiki/contracts';
import type { DbClient } from '@repowiki/db';
import { NonRetriableError } from '@repowiki/runtime';
import { findWarehouseForMap, loadCatalog, loadSourceAddresses } from '../queries/load-map-source.query.js';
import { upsertMiniMap } from '../queries/upsert-minimap.query.js';
import { buildMiniMap } from './build-minimap.js';
import { listRepositoryFiles } from './list-repository-files.js';

/** Builds a warehouse's map from its catalog, sources and clone, and stores it. */
export async function regenerateMap(db: DbClient, warehouseId: string): Promise<MiniMapNode> {
  const warehouse = await findWarehouseForMap(db.sql, warehouseId);
  if (!warehouse)
    throw new NonRetriableError(`warehouse ${warehouseId} does not exist or is deleted`, {
      code: 'not_found',
    });
  const [catalog, sources, cloneFiles] = await Promise.all([
    loadCatalog(db.sql, warehouseId),
    loadSourceAddresses(db.sql, warehouseId),
    listRepositoryFiles(warehouse.gitPath ?? ''),
  ]);
  const map = buildMiniMap({
    title: warehouse.title,
    catalog,
    files: [...new Set([...sources, ...cloneFiles])],
  });
  await upsertMiniMap(db.db, warehouseId, map);
  return map;
}
