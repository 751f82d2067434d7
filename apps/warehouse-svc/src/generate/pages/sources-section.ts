import { byCodeUnits } from '../../analysis/detect-modules.js';
import { mdCode as code } from '../markdown-escape.js';
import type { PageInput } from '../page-input.js';
import { apiUrl, moduleTitle, pageLink } from '../wiki-urls.js';

/** Sources listed by name at most; the rest are counted per top-level folder. @default 60 */
export const MAX_LISTED_SOURCES = 60;

/**
 * The files a page was written from. Past MAX_LISTED_SOURCES the rest are not dropped
 * silently: a module page points to its API page (which lists every file), other pages
 * count the rest per top-level folder.
 */
export function sourcesSection({ page, analysis: a, repoName }: PageInput): string[] {
  const out = ['## Sources', '', ...page.sources.slice(0, MAX_LISTED_SOURCES).map((s) => `- ${code(s)}`)];
  const rest = page.sources.slice(MAX_LISTED_SOURCES);
  if (rest.length === 0) return out;
  const mod = page.kind === 'module' ? a.modules.find((m) => m.key === page.moduleKey) : undefined;
  if (mod && mod.kind !== 'project') {
    const title = `${moduleTitle(mod, repoName)} API`;
    out.push(`- … ${rest.length} more, each listed with its symbols on ${pageLink(title, apiUrl(mod.key))}`);
    return out;
  }
  const byTop = new Map<string, number>();
  for (const s of rest) {
    const slash = s.indexOf('/');
    const top = slash < 0 ? '' : s.slice(0, slash + 1);
    byTop.set(top, (byTop.get(top) ?? 0) + 1);
  }
  const where = [...byTop]
    .sort(([x], [y]) => byCodeUnits(x, y))
    .map(([top, n]) => `${top ? code(top) : 'the repository root'} (${n})`);
  out.push(`- … ${rest.length} more, in ${where.join(', ')}`);
  return out;
}
