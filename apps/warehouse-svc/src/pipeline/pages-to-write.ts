import { byCodeUnits } from '../analysis/detect-modules.js';
import type { PagePlan } from '../generate/catalog-plan.js';
import type { StoredPage } from '../persist/load-live-pages.query.js';

export interface WriteDecision {
  /** The stored page, undefined for a new one. */
  readonly stored: StoredPage | undefined;
  /** Digest of the page's inputs now (page-drafts.ts). */
  readonly inputs: string;
  /** Paths changed since the stored version; undefined means every path changed. */
  readonly changed: ReadonlySet<string> | undefined;
  /**
   * The writer's text is exactly the deterministic rendering (the default writer): the
   * digest alone decides. Another writer (an LLM) may read more of a source file than the
   * rendering shows, so a changed source rewrites its page too.
   */
  readonly deterministic: boolean;
}

/**
 * Whether `page` must be (re)written: it is new, written by an older pipeline (no digest),
 * or the digest of its inputs differs; for a non-deterministic writer also when its
 * recorded sources differ from the planned ones or one of them changed.
 */
export function needsWrite(page: PagePlan, d: WriteDecision): boolean {
  const { stored } = d;
  if (stored === undefined || stored.inputs !== d.inputs) return true;
  if (d.deterministic) return false;
  if (d.changed === undefined) return true;
  const was = [...stored.sources].sort(byCodeUnits);
  if (was.join('\n') !== page.sources.join('\n')) return true;
  return page.sources.some((s) => d.changed?.has(s)) || was.some((s) => d.changed?.has(s));
}

/** Whether the catalog row of `page` differs from what is stored (a row equal to it is not touched). */
export function catalogChanged(page: PagePlan, parentId: string | null, stored: StoredPage): boolean {
  return (
    stored.name !== page.name ||
    stored.description !== page.description ||
    stored.order !== page.order ||
    stored.parentId !== parentId
  );
}
