import type { PagePlan } from '../generate/catalog-plan.js';

/**
 * Whether `page` must be (re)written: it is new, its recorded sources differ from the
 * planned ones, one of them changed (before or after), or it is the update log and new
 * commits arrived. `changed` undefined means every path changed.
 */
export function needsWrite(
  page: PagePlan,
  storedSources: readonly string[] | undefined,
  changed: ReadonlySet<string> | undefined,
  newCommits: number,
): boolean {
  if (storedSources === undefined || changed === undefined) return true;
  if (storedSources.join('\n') !== page.sources.join('\n')) return true;
  if (page.sources.some((s) => changed.has(s)) || storedSources.some((s) => changed.has(s))) return true;
  return page.kind === 'update-log' && newCommits > 0;
}
