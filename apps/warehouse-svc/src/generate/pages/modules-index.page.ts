import { count, languagesOf } from '../format.js';
import { mdText as text } from '../markdown-escape.js';
import { filesOf } from '../module-files.js';
import { walkModules } from '../module-tree.js';
import type { PageInput } from '../page-input.js';
import { kindLabel, moduleTitle, moduleUrl, pageLink } from '../wiki-urls.js';

/** Every module as a nested list: link, kind, files, languages, manifest description. */
export function modulesIndexPage({ analysis: a, repoName }: PageInput): string[] {
  const out = [
    `${count(a.modules.length, 'module')}, as the languages define them (packages, namespaces, crates, projects).`,
    '',
  ];
  walkModules(a.modules, (m, depth) => {
    const files = filesOf(a, m.key);
    const facts = [kindLabel(m), ...(files.length ? [count(files.length, 'file'), languagesOf(files)] : [])];
    const about = m.manifest?.description ? ` — ${text(m.manifest.description)}` : '';
    out.push(
      `${'  '.repeat(depth)}- ${pageLink(moduleTitle(m, repoName), moduleUrl(m.key))} (${text(facts.filter(Boolean).join(', '))})${about}`,
    );
  });
  return out;
}
