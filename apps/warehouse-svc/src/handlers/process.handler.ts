import { rm } from 'node:fs/promises';
import type { TaskPayload, TaskResult } from '@repowiki/contracts';
import { NonRetriableError, type TaskContext, toError } from '@repowiki/runtime';
import { analyzeRepository } from '../analysis/analyze-repository.js';
import { createWarehouseConfig, type WarehouseConfig } from '../config/warehouse-config.js';
import { buildMinimap } from '../generate/build-minimap.js';
import { planCatalog } from '../generate/catalog-plan.js';
import { classifyRepository } from '../generate/classify.js';
import { renderDirectoryTree } from '../generate/directory-tree.js';
import { synthesizeReadme } from '../generate/synthesize-readme.js';
import {
  appendCommitRecords,
  clearWiki,
  loadWarehouse,
  redactWarehouseAddress,
  saveWarehouseFacts,
  setWarehouseStatus,
  upsertCatalogNode,
  upsertDocument,
  upsertMinimap,
  upsertOverview,
} from '../persist/wiki-store.js';
import { writePages } from '../persist/write-pages.js';
import { type AcquiredSource, acquireSource, headCommit } from '../source/acquire-source.js';
import { contentVersion } from '../source/content-version.js';
import { type CommitInfo, readCommits } from '../source/git-history.js';
import { redact } from '../source/redact.js';
import { AddressRejectedError, logDetailOf } from '../source/source.errors.js';
import { toTaskError } from '../source/to-task-error.js';

type Payload = TaskPayload<'tasks.warehouse.process'>;
type Result = TaskResult<'tasks.warehouse.process'>;

/**
 * Clone or read the source, analyse it and write the whole wiki. Status goes
 * processing → completed, or failed with a redacted error (and no clone left behind).
 */
export async function processWarehouse(
  payload: Payload,
  ctx: TaskContext,
  config: WarehouseConfig = createWarehouseConfig(),
): Promise<Result> {
  const { db, logger, signal } = ctx;
  const warehouse = await loadWarehouse(db, payload.warehouseId);
  if (!warehouse)
    throw new NonRetriableError(`warehouse ${payload.warehouseId} not found`, {
      code: 'warehouse_not_found',
    });
  await setWarehouseStatus(db, warehouse.id, 'processing');
  const step = (name: string, percent: number) => {
    ctx.progress({ step: name, percent });
    ctx.working();
    logger.info({ step: name, warehouseId: warehouse.id }, 'warehouse step');
  };
  let source: AcquiredSource | undefined;
  try {
    step('clone', 5);
    source = await acquireSource(warehouse, config, signal);
    step('analyse', 20);
    const analysis = await analyzeRepository(source.root, source.isGit, config, () => ctx.working());
    const version = source.isGit ? await headCommit(source.root) : contentVersion(analysis);
    const repoName = warehouse.name || warehouse.address.split('/').pop() || warehouse.id;

    step('readme', 35);
    const readme = analysis.readme?.content ?? synthesizeReadme(analysis, repoName);
    step('catalogue', 40);
    const optimizedDirectoryStructure = renderDirectoryTree(analysis.files.map((f) => f.path));
    step('classify', 45);
    const classify = classifyRepository(analysis);
    await saveWarehouseFacts(db, warehouse.id, { readme, optimizedDirectoryStructure, classify });

    const commits: CommitInfo[] =
      source.isGit && config.enableWarehouseCommit
        ? await readCommits(source.root, 'HEAD', config.commitLogSize)
        : [];
    step('minimap', 50);
    await upsertMinimap(db, warehouse.id, buildMinimap(analysis, repoName));

    step('structure', 55);
    const documentId = await upsertDocument(db, warehouse.id, source.root, 'processing');
    await clearWiki(db, warehouse.id);
    const pages = planCatalog(analysis, commits, config.enableWarehouseCommit);
    const ids = new Map<string, string>();
    for (const page of pages) {
      const parentId = page.parentUrl ? (ids.get(page.parentUrl) ?? null) : null;
      ids.set(
        page.url,
        await upsertCatalogNode(db, { warehouseId: warehouse.id, documentId, parentId }, page),
      );
    }

    step('pages', 60);
    const contents = await writePages(
      pages.map((page) => ({ catalogId: ids.get(page.url) ?? '', page })),
      {
        db,
        analysis,
        classification: classify,
        repoName,
        commits,
        concurrency: config.pageConcurrency,
        signal,
        ...(config.pageWriter ? { writer: config.pageWriter } : {}),
        onPage: (done, total) =>
          ctx.progress({
            step: 'pages',
            percent: 60 + Math.round((30 * done) / total),
            current: done,
            total,
          }),
      },
    );
    step('overview', 92);
    await upsertOverview(db, documentId, repoName, contents.get('overview') ?? readme);

    if (config.enableWarehouseCommit) {
      step('update-log', 95);
      await appendCommitRecords(db, warehouse.id, commits);
    }
    await saveWarehouseFacts(db, warehouse.id, { version });
    await db.sql`update documents set status = 'completed', last_update = now(), updated_at = now() where id = ${documentId}`;
    await setWarehouseStatus(db, warehouse.id, 'completed');
    await ctx.publishEvent('events.warehouse.completed', {
      warehouseId: warehouse.id,
      version,
      completedAt: new Date().toISOString(),
    });
    step('completed', 100);
    return {
      warehouseId: warehouse.id,
      version,
      pages: pages.length,
      files: analysis.files.length,
      skipped: analysis.skipped.length,
      classification: classify,
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
