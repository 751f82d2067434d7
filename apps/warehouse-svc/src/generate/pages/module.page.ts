import { citeLines } from '../citations.js';
import { count, languagesOf } from '../format.js';
import { importsOf } from '../import-index.js';
import { mdCode as code, mdText as text } from '../markdown-escape.js';
import { filesOf } from '../module-files.js';
import type { PageInput } from '../page-input.js';
import { keySymbols } from '../symbol-list.js';
import { apiUrl, distinctTitles, kindLabel, moduleTitle, moduleUrl, pageLink } from '../wiki-urls.js';

/** Dependencies of the module's manifest listed at most. @default 40 */
const MAX_DEPENDENCIES = 40;

/**
 * A module's page: what it is (kind, language name, folder, manifest description), the
 * modules inside it, its manifest, what it uses and what uses it (tests apart), the outside
 * packages it imports, and its key symbols, each linked to its lines.
 * Its files are the page's sources; every symbol is on its API page.
 */
export function modulePage(input: PageInput): string[] {
  const { page, analysis: a, repoName } = input;
  const key = page.moduleKey ?? '';
  const mod = a.modules.find((m) => m.key === key);
  if (!mod) return ['This module is no longer in the repository.'];
  const files = filesOf(a, key);
  const title = moduleTitle(mod, repoName);
  const where = key ? ` in ${code(`${key}/`)}` : ' at the repository root';
  const out = [`${kindLabel(mod)} ${code(title)}${where}.`, ''];
  if (mod.manifest?.description) out.push(text(mod.manifest.description), '');
  if (files.length)
    out.push(
      `${count(files.length, 'file')}; ${text(languagesOf(files))}. ${pageLink(`${title} API`, apiUrl(key))}.`,
      '',
    );
  const nested = a.modules.filter((m) => m.parent === key);
  if (nested.length) {
    out.push('## Modules inside', '');
    for (const m of nested) {
      const n = filesOf(a, m.key).length;
      out.push(
        `- ${pageLink(moduleTitle(m, repoName), moduleUrl(m.key))} (${kindLabel(m)}${n ? `, ${count(n, 'file')}` : ''})`,
      );
    }
    out.push('');
  }
  const manifest = mod.manifest;
  if (manifest) {
    out.push(`## Manifest ${code(manifest.path)}`, '');
    const deps = manifest.dependencies;
    if (deps.length) {
      const more =
        deps.length > MAX_DEPENDENCIES
          ? `, … ${deps.length - MAX_DEPENDENCIES} more on ${pageLink('Dependencies', 'dependencies')}`
          : '';
      out.push(
        `Dependencies: ${deps
          .slice(0, MAX_DEPENDENCIES)
          .map((v) => code(v))
          .join(', ')}${more}`,
        '',
      );
    }
    const scripts = Object.keys(manifest.scripts);
    if (scripts.length) out.push(`Scripts: ${scripts.map((v) => code(v)).join(', ')}`, '');
  }
  out.push(...dependencySection(input));
  if (files.length)
    out.push(
      '## Key symbols',
      '',
      ...keySymbols(a, key, files, { url: apiUrl(key), title: `${title} API` }, (path, s) =>
        citeLines(input.citations, path, s),
      ),
    );
  return out;
}

/**
 * What the module uses and what uses it, from the resolved import graph the Architecture
 * page draws; tests that use it; the outside packages it imports.
 */
function dependencySection({ page, analysis: a, repoName }: PageInput): string[] {
  const key = page.moduleKey ?? '';
  const { uses, usedBy, tests, outside } = importsOf(a, key);
  if (uses.length + usedBy.length + tests.length + outside.length === 0) return [];
  const titles = distinctTitles(a.modules, repoName);
  const links = (keys: readonly string[]) =>
    capped(
      keys.map((k) => pageLink(titles.get(k) ?? k, moduleUrl(k))),
      pageLink('Architecture', 'architecture'),
    );
  const out = ['## Dependencies', ''];
  if (uses.length) out.push(`Uses: ${links(uses)}`, '');
  if (usedBy.length) out.push(`Used by: ${links(usedBy)}`, '');
  if (tests.length)
    out.push(
      `Used by tests: ${count(tests.length, 'test file')} (${capped(
        tests.map((t) => code(t)),
        pageLink('Tests', 'tests'),
        MAX_NAMED_TESTS,
      )})`,
      '',
    );
  if (outside.length)
    out.push(
      `Outside packages: ${capped(
        outside.map((p) => code(p)),
        pageLink('Architecture', 'architecture'),
      )}`,
      '',
    );
  return out;
}

/** Modules and packages named per list at most. @default 30 */
const MAX_NAMED = 30;
/** Test files named at most (the rest are counted). @default 5 */
const MAX_NAMED_TESTS = 5;

/** `items` joined, past `max` cut with "… N more on <where>". */
function capped(items: readonly string[], where: string, max = MAX_NAMED): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown}, … ${items.length - max} more on ${where}` : shown;
}
