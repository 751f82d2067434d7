import type { Classification } from '@repowiki/contracts';
import type { TaskContext } from '@repowiki/runtime';
import { analyzeRepository } from '../analysis/analyze-repository.js';
import { contentVersion } from '../analysis/content-version.js';
import type { WarehouseConfig } from '../config/warehouse-config.js';
import { planCatalog } from '../generate/catalog-plan.js';
import { classifyRepository } from '../generate/classify.js';
import { codeOutline } from '../generate/code-outline.js';
import { renderDirectoryTree } from '../generate/directory-tree.js';
import type { PageWriter } from '../generate/page-writer.js';
import { synthesizeReadme } from '../generate/synthesize-readme.js';
import { appendCommitRecords } from '../persist/append-commit-records.query.js';
import { clearWiki } from '../persist/clear-wiki.query.js';
import { loadLivePages, type StoredPage } from '../persist/load-live-pages.query.js';
import type { WarehouseRow } from '../persist/load-warehouse.query.js';
import { saveWarehouseFacts } from '../persist/save-warehouse-facts.query.js';
import { setWarehouseStatus } from '../persist/set-warehouse-status.query.js';
import { touchDocument } from '../persist/touch-document.query.js';
import { upsertCodeOutline } from '../persist/upsert-code-outline.query.js';
import { upsertDocument } from '../persist/upsert-document.query.js';
import { upsertOverview } from '../persist/upsert-overview.query.js';
import { type AcquiredSource, headCommit } from '../source/acquire-source.js';
import { citationsOf } from './citations-of.js';
import { draftPages } from './page-drafts.js';
import { readHistory } from './read-history.js';
import { syncCatalog } from './sync-catalog.js';
import { writePages } from './write-pages.js';

/** One run of the wiki pipeline over a source already on disk. */
export interface WikiRun {
  readonly ctx: TaskContext;
  readonly warehouse: WarehouseRow;
  readonly source: AcquiredSource;
  readonly config: WarehouseConfig;
  readonly writer: PageWriter;
  /**
   * `process` rebuilds (undefined: the wiki is cleared and every page written); `update`
   * passes the stored version: nothing is written when the source is still at it, and
   * otherwise only pages whose inputs changed are written.
   */
  readonly fromVersion?: string;
}

export interface WikiOutcome {
  /** False when `update` found the source at the stored version (nothing was written). */
  readonly changed: boolean;
  readonly version: string;
  readonly pages: number;
  readonly files: number;
  readonly skipped: number;
  readonly classification?: Classification;
  /** Commits appended to the update log. */
  readonly commits: number;
  readonly pagesWritten: number;
  readonly pagesAdded: number;
  readonly pagesRemoved: number;
}

/**
 * The pipeline `process` and `update` share: analyse → README, directory tree,
 * classification → code outline → catalog → pages → overview → update log → version, status
 * and the `events.warehouse.completed` event. Progress steps are reported as it goes.
 */
export async function buildWiki(run: WikiRun): Promise<WikiOutcome> {
  const { ctx, warehouse: w, source, config } = run;
  const { db } = ctx;
  const step = (name: string, percent: number) => {
    ctx.progress({ step: name, percent });
    ctx.working();
    ctx.logger.info({ step: name, warehouseId: w.id }, 'warehouse step');
  };
  step('analyse', 20);
  const analysis = await analyzeRepository(source.root, source.isGit, config, () => ctx.working());
  const version = source.isGit ? await headCommit(source.root) : contentVersion(analysis);
  const counts = { version, files: analysis.files.length, skipped: analysis.skipped.length };
  if (run.fromVersion === version)
    return {
      ...counts,
      changed: false,
      pages: 0,
      commits: 0,
      pagesWritten: 0,
      pagesAdded: 0,
      pagesRemoved: 0,
    };
  const history = await readHistory(source, config, run.fromVersion, version);
  const repoName = w.name || w.address.split('/').pop() || w.id;

  step('readme', 35);
  const readme = analysis.readme?.content ?? synthesizeReadme(analysis, repoName);
  step('catalogue', 40);
  const optimizedDirectoryStructure = renderDirectoryTree(analysis.files.map((f) => f.path));
  step('classify', 45);
  const classify = classifyRepository(analysis);
  await saveWarehouseFacts(db, w.id, { readme, optimizedDirectoryStructure, classify });
  // minimap-svc draws the mind map from the outline once `events.warehouse.completed` says
  // the wiki is done; warehouse-svc never writes `minimaps`.
  step('outline', 50);
  await upsertCodeOutline(db, w.id, codeOutline(analysis, version, repoName));

  step('structure', 55);
  const documentId = await upsertDocument(db, w.id, source.root, 'processing');
  let stored: ReadonlyMap<string, StoredPage> = new Map();
  if (run.fromVersion === undefined) await clearWiki(db, w.id);
  else stored = await loadLivePages(db, w.id);
  const plan = planCatalog(analysis, history.commits, config.enableWarehouseCommit, repoName);
  const citations = citationsOf(source, version);
  const drafts = draftPages(plan, {
    analysis,
    classification: classify,
    repoName,
    commits: history.commits,
    citations,
  });
  const sync = await syncCatalog(db, { warehouseId: w.id, documentId }, plan, stored, drafts, {
    changed: history.changed,
    deterministic: run.writer.deterministic === true,
  });

  step('pages', 60);
  const contents = await writePages(sync.jobs, {
    db,
    analysis,
    classification: classify,
    repoName,
    commits: history.commits,
    citations,
    concurrency: config.pageConcurrency,
    signal: ctx.signal,
    writer: run.writer,
    onPage: (done, total) =>
      ctx.progress({ step: 'pages', percent: 60 + Math.round((30 * done) / total), current: done, total }),
  });
  step('overview', 92);
  const overview = contents.get('overview');
  if (overview !== undefined) await upsertOverview(db, documentId, repoName, overview);
  if (config.enableWarehouseCommit) {
    step('update-log', 95);
    await appendCommitRecords(db, w.id, history.newCommits);
  }
  await saveWarehouseFacts(db, w.id, { version });
  await touchDocument(db, w.id, 'completed');
  await setWarehouseStatus(db, w.id, 'completed');
  await ctx.publishEvent('events.warehouse.completed', {
    warehouseId: w.id,
    version,
    completedAt: new Date().toISOString(),
  });
  step('completed', 100);
  return {
    ...counts,
    changed: true,
    pages: plan.length,
    classification: classify,
    commits: history.newCommits.length,
    pagesWritten: sync.jobs.length,
    pagesAdded: sync.added,
    pagesRemoved: sync.removed,
  };
}
