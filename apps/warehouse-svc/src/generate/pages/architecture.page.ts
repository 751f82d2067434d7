import { byCodeUnits } from '../../analysis/detect-modules.js';
import { citeFile } from '../citations.js';
import { dependencyDiagrams } from '../dependency-diagrams.js';
import { entryFlow } from '../entry-flow.js';
import { count } from '../format.js';
import { mdCode as code, mdText as text } from '../markdown-escape.js';
import type { PageInput } from '../page-input.js';
import { distinctTitles, moduleUrl, pageLink } from '../wiki-urls.js';

/** Import rows the table lists at most; every import is on the module pages too. @default 300 */
export const MAX_IMPORT_ROWS = 300;
/** Outside packages listed at most, the most imported first. @default 30 */
const MAX_OUTSIDE_PACKAGES = 30;

/**
 * How the modules depend on each other, from imports resolved as each language resolves
 * them (analysis/import-graph.ts): dependency diagrams, every import between modules in a
 * table, the entry points and what they lead to, the modules tests use, and the packages
 * imported from outside the repository.
 */
export function architecturePage({ analysis: a, repoName, citations }: PageInput): string[] {
  const titles = distinctTitles(a.modules, repoName);
  const title = (key: string) => titles.get(key) ?? key;
  const link = (key: string) => pageLink(title(key), moduleUrl(key));
  const out = [
    `The repository has ${count(a.modules.length, 'module')} and ${count(a.files.length, 'analysed file')}. Imports are resolved as each language resolves them; imports of outside packages and imports that name nothing in the repository are not arrows.`,
    '',
    '## Module dependencies',
    '',
  ];
  if (a.importGraph.length > 0) {
    out.push(...dependencyDiagrams(a, title), '');
    out.push('| From | To | Importing files |', '| --- | --- | --- |');
    for (const e of a.importGraph.slice(0, MAX_IMPORT_ROWS))
      out.push(`| ${link(e.from)} | ${link(e.to)} | ${e.files.length} |`);
    if (a.importGraph.length > MAX_IMPORT_ROWS)
      out.push(
        '',
        `… ${a.importGraph.length - MAX_IMPORT_ROWS} more imports between modules; each module page lists what it uses and what uses it.`,
      );
  } else {
    out.push('No imports between modules were found.');
  }
  out.push('', '## Entry points', '');
  if (a.entryPoints.length > 0) {
    for (const e of a.entryPoints)
      out.push(`- ${code(e.label)}: ${citeFile(citations, e.file)} in ${link(e.module)}`);
    out.push('', ...entryFlow(a, title));
  } else {
    out.push('No entry points were found (package entries, commands, main functions, crate roots).');
  }
  if (a.testImports.length > 0) {
    out.push('', '## Used by tests', '', '| Module | Test files |', '| --- | --- |');
    for (const t of a.testImports) out.push(`| ${link(t.module)} | ${t.files.length} |`);
  }
  const outside = new Map<string, number>();
  for (const x of a.externalImports) for (const p of x.packages) outside.set(p, (outside.get(p) ?? 0) + 1);
  if (outside.size > 0) {
    const ranked = [...outside].sort((x, y) => y[1] - x[1] || byCodeUnits(x[0], y[0]));
    out.push('', '## Outside packages', '', '| Package | Modules importing it |', '| --- | --- |');
    for (const [name, n] of ranked.slice(0, MAX_OUTSIDE_PACKAGES)) out.push(`| ${text(name)} | ${n} |`);
    if (ranked.length > MAX_OUTSIDE_PACKAGES)
      out.push(
        '',
        `… ${ranked.length - MAX_OUTSIDE_PACKAGES} more, listed on the module pages that import them.`,
      );
  }
  return out;
}
