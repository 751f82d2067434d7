import { existsSync } from 'node:fs';
import type { TaskPayload, TaskResult } from '@repowiki/contracts';
import { NonRetriableError, type TaskContext, toError } from '@repowiki/runtime';
import { createWarehouseConfig, type WarehouseConfig } from '../config/warehouse-config.js';
import { deterministicPageWriter, type PageWriter } from '../generate/page-writer.js';
import { loadWarehouse } from '../persist/load-warehouse.query.js';
import { buildWiki } from '../pipeline/build-wiki.js';
import { type AcquiredSource, acquireSource, cloneDirOf } from '../source/acquire-source.js';
import { fetchLatest } from '../source/git-history.js';
import { redact } from '../source/redact.js';
import { logDetailOf } from '../source/source.errors.js';
import { toTaskError } from '../source/to-task-error.js';
import { resolveSourceLocation } from '../source/url-policy.js';

type Payload = TaskPayload<'tasks.warehouse.update'>;
type Result = TaskResult<'tasks.warehouse.update'>;

/**
 * Fetch, then run the wiki pipeline against the stored version: only pages whose inputs
 * changed are written, pages of new packages are added, pages of removed ones soft-deleted,
 * new commits appended, the new version stored. No new commits: nothing is written.
 */
export async function updateWarehouse(
  payload: Payload,
  ctx: TaskContext,
  config: WarehouseConfig = createWarehouseConfig(),
  writer: PageWriter = deterministicPageWriter,
): Promise<Result> {
  const { db, signal } = ctx;
  const w = await loadWarehouse(db, payload.warehouseId);
  if (!w)
    throw new NonRetriableError(`warehouse ${payload.warehouseId} not found`, {
      code: 'warehouse_not_found',
    });
  if (w.status !== 'completed' || !w.version) {
    throw new NonRetriableError(`warehouse ${w.id} is ${w.status}; only completed warehouses are updated`, {
      code: 'not_completed',
    });
  }
  const from = w.version;
  try {
    ctx.progress({ step: 'fetch', percent: 5 });
    const location = await resolveSourceLocation(w.address, w.type, config);
    let source: AcquiredSource;
    // A plain local directory has no clone; everything else updates its own clone.
    const hasClone = location.kind !== 'local-dir' || location.gitDir !== undefined;
    if (hasClone && existsSync(cloneDirOf(config, w.id))) {
      source = { root: cloneDirOf(config, w.id), isGit: true, owned: true, location };
      await fetchLatest(source, w.branch, config, signal);
    } else {
      source = await acquireSource(w, config, signal);
    }
    const wiki = await buildWiki({ ctx, warehouse: w, source, config, writer, fromVersion: from });
    return {
      warehouseId: w.id,
      fromVersion: from,
      toVersion: wiki.version,
      changed: wiki.changed,
      commits: wiki.commits,
      pagesRegenerated: wiki.pagesWritten - wiki.pagesAdded,
      pagesAdded: wiki.pagesAdded,
      pagesRemoved: wiki.pagesRemoved,
    };
  } catch (e: unknown) {
    const error = toError(e);
    const message = redact(error.message);
    ctx.logger.warn(
      { warehouseId: w.id, err: { name: error.name, message, detail: logDetailOf(error) } },
      'warehouse update failed',
    );
    throw toTaskError(error, message);
  }
}
