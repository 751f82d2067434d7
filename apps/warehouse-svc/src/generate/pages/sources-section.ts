import { byCodeUnits } from '../../analysis/detect-modules.js';
import { citeFile } from '../citations.js';
import { mdCode as code } from '../markdown-escape.js';
import { filesOf } from '../module-files.js';
import type { PageInput } from '../page-input.js';
import { apiUrl, moduleTitle, pageLink } from '../wiki-urls.js';

/** Sources listed by name at most; the rest are counted per top-level folder. @default 60 */
export const MAX_LISTED_SOURCES = 60;

/**
 * The files a page was written from. Past MAX_LISTED_SOURCES the rest are not dropped
 * silently: a module page points to its API page (which lists every file), other pages
 * count the rest per top-level folder.
 */
export function sourcesSection({ page, analysis: a, repoName, citations }: PageInput): string[] {
  const out = [
    '## Sources',
    '',
    ...page.sources.slice(0, MAX_LISTED_SOURCES).map((s) => `- ${citeFile(citations, s)}`),
  ];
  let rest = page.sources.slice(MAX_LISTED_SOURCES);
  if (rest.length === 0) return out;
  const mod = page.kind === 'module' ? a.modules.find((m) => m.key === page.moduleKey) : undefined;
  if (mod && mod.kind !== 'project') {
    // Its own files are on its API page; files importing it are counted below.
    const own = new Set(filesOf(a, mod.key).map((f) => f.path));
    const mine = rest.filter((s) => own.has(s)).length;
    const title = `${moduleTitle(mod, repoName)} API`;
    if (mine > 0)
      out.push(
        `- … ${mine} more of its files, each listed with its symbols on ${pageLink(title, apiUrl(mod.key))}`,
      );
    rest = rest.filter((s) => !own.has(s));
    if (rest.length === 0) return out;
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
  out.push(
    `- … ${rest.length} more${mod && mod.kind !== 'project' ? ' (files using it)' : ''}, in ${where.join(', ')}`,
  );
  return out;
}
