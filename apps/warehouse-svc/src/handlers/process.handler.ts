import { rm } from 'node:fs/promises';
import type { TaskPayload, TaskResult } from '@repowiki/contracts';
import { NonRetriableError, type TaskContext, toError } from '@repowiki/runtime';
import { createWarehouseConfig, type WarehouseConfig } from '../config/warehouse-config.js';
import { deterministicPageWriter, type PageWriter } from '../generate/page-writer.js';
import { loadWarehouse } from '../persist/load-warehouse.query.js';
import { redactWarehouseAddress } from '../persist/redact-warehouse-address.query.js';
import { setWarehouseStatus } from '../persist/set-warehouse-status.query.js';
import { buildWiki } from '../pipeline/build-wiki.js';
import { type AcquiredSource, acquireSource } from '../source/acquire-source.js';
import { redact } from '../source/redact.js';
import { AddressRejectedError, logDetailOf } from '../source/source.errors.js';
import { toTaskError } from '../source/to-task-error.js';

type Payload = TaskPayload<'tasks.warehouse.process'>;
type Result = TaskResult<'tasks.warehouse.process'>;

/**
 * Clone or read the source, then run the wiki pipeline from a clean slate. Status goes
 * processing → completed, or failed with a redacted error (and no clone left behind).
 */
export async function processWarehouse(
  payload: Payload,
  ctx: TaskContext,
  config: WarehouseConfig = createWarehouseConfig(),
  writer: PageWriter = deterministicPageWriter,
): Promise<Result> {
  const { db, logger, signal } = ctx;
  const warehouse = await loadWarehouse(db, payload.warehouseId);
  if (!warehouse)
    throw new NonRetriableError(`warehouse ${payload.warehouseId} not found`, {
      code: 'warehouse_not_found',
    });
  await setWarehouseStatus(db, warehouse.id, 'processing');
  let source: AcquiredSource | undefined;
  try {
    ctx.progress({ step: 'clone', percent: 5 });
    logger.info({ step: 'clone', warehouseId: warehouse.id }, 'warehouse step');
    source = await acquireSource(warehouse, config, signal);
    const wiki = await buildWiki({ ctx, warehouse, source, config, writer });
    return {
      warehouseId: warehouse.id,
      version: wiki.version,
      pages: wiki.pages,
      files: wiki.files,
      skipped: wiki.skipped,
      // A rebuild always classifies; the fallback only satisfies the type.
      classification: wiki.classification ?? 'Libraries',
    };
  } catch (e: unknown) {
    const error = toError(e);
    const message = redact(error.message);
    if (source?.owned) await rm(source.root, { recursive: true, force: true });
    if (error instanceof AddressRejectedError && error.reason === 'embedded_credentials') {
      await redactWarehouseAddress(db, warehouse.id, redact(warehouse.address));
    }
    await setWarehouseStatus(db, warehouse.id, 'failed', message);
    // `detail` (what git or DNS said) is for operators only; users see `message`.
    logger.warn(
      { warehouseId: warehouse.id, err: { name: error.name, message, detail: logDetailOf(error) } },
      'warehouse processing failed',
    );
    throw toTaskError(error, message);
  }
}
