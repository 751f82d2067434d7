import { count } from '../format.js';
import { mdCode as code } from '../markdown-escape.js';
import { filesOf, partsOf } from '../module-files.js';
import { walkModules } from '../module-tree.js';
import type { PageInput } from '../page-input.js';
import { apiSections } from '../symbol-list.js';
import { apiUrl, moduleTitle, moduleUrl, pageLink } from '../wiki-urls.js';

/** The API Reference index: every module with source files, nested as the modules are. */
export function apiIndexPage({ analysis: a, repoName }: PageInput): string[] {
  const out = [
    'Types, functions and their members, as the tree-sitter grammars find them, module by module.',
    '',
  ];
  // Modules without files of their own (projects) stay as headings, so the nesting reads.
  walkModules(a.modules, (m, depth) => {
    const files = filesOf(a, m.key);
    const symbols = files.reduce((n, f) => n + f.symbols.length, 0);
    const title = moduleTitle(m, repoName);
    out.push(
      files.length > 0
        ? `${'  '.repeat(depth)}- ${pageLink(title, apiUrl(m.key))} (${count(files.length, 'file')}, ${count(symbols, 'symbol')})`
        : `${'  '.repeat(depth)}- ${pageLink(title, moduleUrl(m.key))}`,
    );
  });
  return out;
}

/** A module's API: every file's symbols, or, for a module split into parts, the parts. */
export function apiModulePage({ page, analysis: a, repoName, citations }: PageInput): string[] {
  const key = page.moduleKey ?? '';
  const mod = a.modules.find((m) => m.key === key);
  const files = filesOf(a, key);
  const title = mod ? moduleTitle(mod, repoName) : key;
  const intro = `Module page: ${pageLink(title, moduleUrl(key))}.`;
  const parts = partsOf(files);
  if (parts.length < 2) return [intro, '', ...apiSections(a, key, files, citations)];
  const out = [intro, '', `${count(files.length, 'file')}, in ${parts.length} parts:`, ''];
  for (const [i, part] of parts.entries()) {
    const first = part[0]?.path ?? '';
    const last = part[part.length - 1]?.path ?? '';
    out.push(
      `- ${pageLink(`Part ${i + 1}`, apiUrl(key, i + 1))}: ${code(first)} … ${code(last)} (${count(part.length, 'file')})`,
    );
  }
  return out;
}

/** One part of a module's API. */
export function apiPartPage({ page, analysis: a, repoName, citations }: PageInput): string[] {
  const key = page.moduleKey ?? '';
  const mod = a.modules.find((m) => m.key === key);
  const title = mod ? moduleTitle(mod, repoName) : key;
  const part = partsOf(filesOf(a, key))[(page.part ?? 1) - 1] ?? [];
  return [
    `Part ${page.part ?? 1} of ${pageLink(`${title} API`, apiUrl(key))}.`,
    '',
    ...apiSections(a, key, part, citations),
  ];
}
