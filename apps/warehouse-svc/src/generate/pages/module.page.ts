import { count, languagesOf } from '../format.js';
import { mdCode as code, mdText as text } from '../markdown-escape.js';
import { filesOf } from '../module-files.js';
import type { PageInput } from '../page-input.js';
import { keySymbols } from '../symbol-list.js';
import { apiUrl, kindLabel, moduleTitle, moduleUrl, pageLink } from '../wiki-urls.js';

/** Dependencies of the module's manifest listed at most. @default 40 */
const MAX_DEPENDENCIES = 40;

/**
 * A module's page: what it is (kind, language name, folder, manifest description), the
 * modules inside it, its manifest, what it uses and what uses it, and its key symbols.
 * Its files are the page's sources; every symbol is on its API page.
 */
export function modulePage({ page, analysis: a, repoName }: PageInput): string[] {
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
  const title2 = new Map(a.modules.map((m) => [m.key, moduleTitle(m, repoName)]));
  const links = (keys: string[]) => keys.map((k) => pageLink(title2.get(k) ?? k, moduleUrl(k))).join(', ');
  const uses = a.importGraph.filter((e) => e.from === key).map((e) => e.to);
  const usedBy = a.importGraph.filter((e) => e.to === key).map((e) => e.from);
  if (uses.length) out.push(`Uses: ${links(uses)}`, '');
  if (usedBy.length) out.push(`Used by: ${links(usedBy)}`, '');
  if (files.length)
    out.push('## Key symbols', '', ...keySymbols(a, key, files, { url: apiUrl(key), title: `${title} API` }));
  return out;
}
