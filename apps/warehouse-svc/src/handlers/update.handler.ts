import { existsSync } from 'node:fs';
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
  loadLivePages,
  loadWarehouse,
  saveWarehouseFacts,
  softDeletePages,
  touchDocument,
  upsertCatalogNode,
  upsertDocument,
  upsertMinimap,
  upsertOverview,
} from '../persist/wiki-store.js';
import { type PageJob, writePages } from '../persist/write-pages.js';
import { type AcquiredSource, acquireSource, cloneDirOf, headCommit } from '../source/acquire-source.js';
import { contentVersion } from '../source/content-version.js';
import { changedPaths, fetchLatest, readCommits } from '../source/git-history.js';
import { redact } from '../source/redact.js';
import { logDetailOf } from '../source/source.errors.js';
import { toTaskError } from '../source/to-task-error.js';
import { resolveSourceLocation } from '../source/url-policy.js';

type Payload = TaskPayload<'tasks.warehouse.update'>;
type Result = TaskResult<'tasks.warehouse.update'>;

/** Commits appended to the update log per run at most. @default 100 */
const MAX_NEW_COMMITS = 100;

/**
 * Fetch, diff since the stored version, regenerate only pages whose sources changed (or
 * whose source set changed), add pages for new modules, soft-delete pages of removed ones,
 * append commit records, store the new version. No new commits: nothing is written.
 */
export async function updateWarehouse(
  payload: Payload,
  ctx: TaskContext,
  config: WarehouseConfig = createWarehouseConfig(),
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
    ctx.progress({ step: 'analyse', percent: 25 });
    const analysis = await analyzeRepository(source.root, source.isGit, config, () => ctx.working());
    const to = source.isGit ? await headCommit(source.root) : contentVersion(analysis);
    const none = {
      warehouseId: w.id,
      fromVersion: from,
      toVersion: to,
      commits: 0,
      pagesRegenerated: 0,
      pagesAdded: 0,
      pagesRemoved: 0,
    };
    if (to === from) return { ...none, changed: false };

    const historyKnown = source.isGit && !from.startsWith('dir-');
    const changed = historyKnown
      ? await changedPaths(source.root, from, to)
      : new Set(analysis.files.map((f) => f.path));
    const newCommits = historyKnown ? await readCommits(source.root, `${from}..${to}`, MAX_NEW_COMMITS) : [];
    const commits =
      source.isGit && config.enableWarehouseCommit
        ? await readCommits(source.root, 'HEAD', config.commitLogSize)
        : [];
    const repoName = w.name || w.id;
    const classify = classifyRepository(analysis);

    ctx.progress({ step: 'structure', percent: 50 });
    const documentId = await upsertDocument(db, w.id, source.root, 'processing');
    const stored = await loadLivePages(db, w.id);
    const plan = planCatalog(analysis, commits, config.enableWarehouseCommit);
    const ids = new Map<string, string>();
    const jobs: PageJob[] = [];
    let added = 0;
    for (const page of plan) {
      const old = stored.get(page.url);
      const parentId = page.parentUrl ? (ids.get(page.parentUrl) ?? null) : null;
      const id = await upsertCatalogNode(
        db,
        { warehouseId: w.id, documentId, parentId, ...(old ? { existingId: old.id } : {}) },
        page,
      );
      ids.set(page.url, id);
      const sameSources = old !== undefined && old.sources.join('\n') === page.sources.join('\n');
      const touched =
        page.sources.some((s) => changed.has(s)) || (old?.sources.some((s) => changed.has(s)) ?? false);
      if (!old) added++;
      if (!old || !sameSources || touched || (page.kind === 'update-log' && newCommits.length > 0))
        jobs.push({ catalogId: id, page });
    }
    const removed = [...stored.values()].filter((p) => !ids.has(p.url)).map((p) => p.id);
    await softDeletePages(db, removed);

    ctx.progress({ step: 'pages', percent: 60 });
    const contents = await writePages(jobs, {
      db,
      analysis,
      classification: classify,
      repoName,
      commits,
      concurrency: config.pageConcurrency,
      signal,
      ...(config.pageWriter ? { writer: config.pageWriter } : {}),
    });
    const overview = contents.get('overview');
    if (overview) await upsertOverview(db, documentId, repoName, overview);
    if (config.enableWarehouseCommit) await appendCommitRecords(db, w.id, newCommits);
    await upsertMinimap(db, w.id, buildMinimap(analysis, repoName));
    await saveWarehouseFacts(db, w.id, {
      version: to,
      readme: analysis.readme?.content ?? synthesizeReadme(analysis, repoName),
      optimizedDirectoryStructure: renderDirectoryTree(analysis.files.map((f) => f.path)),
      classify,
    });
    await touchDocument(db, w.id, 'completed');
    await ctx.publishEvent('events.warehouse.completed', {
      warehouseId: w.id,
      version: to,
      completedAt: new Date().toISOString(),
    });
    ctx.progress({ step: 'completed', percent: 100 });
    return {
      ...none,
      changed: true,
      commits: newCommits.length,
      pagesRegenerated: jobs.length - added,
      pagesAdded: added,
      pagesRemoved: removed.length,
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
