import type { DbClient } from '@repowiki/db';
import type { PagePlan } from '../generate/catalog-plan.js';
import type { StoredPage } from '../persist/load-live-pages.query.js';
import { softDeletePages } from '../persist/soft-delete-pages.query.js';
import { upsertCatalogNode } from '../persist/upsert-catalog-node.query.js';
import type { PageDraft } from './page-drafts.js';
import { catalogChanged, needsWrite } from './pages-to-write.js';
import type { PageJob } from './write-pages.js';

export interface CatalogSync {
  /** Pages to write, in plan order. */
  readonly jobs: PageJob[];
  readonly added: number;
  readonly removed: number;
}

/**
 * Makes the live catalog match `plan`: new nodes are inserted and changed ones updated
 * (parents first, so a child finds its parent's id), nodes no longer planned are
 * soft-deleted; a node whose row and inputs are unchanged is not touched at all. Returns
 * the pages whose content must be written.
 */
export async function syncCatalog(
  db: DbClient,
  at: { warehouseId: string; documentId: string },
  plan: readonly PagePlan[],
  stored: ReadonlyMap<string, StoredPage>,
  drafts: ReadonlyMap<string, PageDraft>,
  changes: { changed: ReadonlySet<string> | undefined; deterministic: boolean },
): Promise<CatalogSync> {
  const ids = new Map<string, string>();
  const jobs: PageJob[] = [];
  let added = 0;
  for (const page of plan) {
    const old = stored.get(page.url);
    const parentId = page.parentUrl ? (ids.get(page.parentUrl) ?? null) : null;
    const id =
      old && !catalogChanged(page, parentId, old)
        ? old.id
        : await upsertCatalogNode(db, { ...at, parentId, ...(old ? { existingId: old.id } : {}) }, page);
    ids.set(page.url, id);
    if (!old) added++;
    const draft = drafts.get(page.url);
    if (!draft) throw new Error(`no draft for page ${page.url}`);
    if (needsWrite(page, { stored: old, inputs: draft.inputs, ...changes }))
      jobs.push({ catalogId: id, page, draft });
  }
  const removed = [...stored.values()].filter((p) => !ids.has(p.url)).map((p) => p.id);
  await softDeletePages(db, removed);
  return { jobs, added, removed: removed.length };
}
