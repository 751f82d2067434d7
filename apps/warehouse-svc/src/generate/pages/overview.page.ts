import { count } from '../format.js';
import { mdCode as code, mdFence, mdText as text } from '../markdown-escape.js';
import { overviewFacts } from '../overview-facts.js';
import type { PageInput } from '../page-input.js';
import { readmeExcerpt } from '../readme-excerpt.js';
import { kindLabel, moduleTitle, moduleUrl, pageLink } from '../wiki-urls.js';

/** Skipped files and notes listed at most; the rest is counted. @default 60 */
const MAX_LISTED = 60;
/** Languages named at most; the rest are counted. @default 8 */
const MAX_LANGUAGES = 8;

/**
 * What a newcomer reads first: what the repository is (the manifest's one-line description,
 * then the README's first paragraph of prose, HTML and banners left out), its numbers, the
 * main modules with one line each, entry points, how to install, then what was skipped.
 * Numbers are counts of files and symbols, never bytes: an edit inside a function changes
 * none of them, so the Overview is rewritten only when modules, files or the API change.
 */
export function overviewPage({ analysis: a, classification, repoName }: PageInput): string[] {
  const f = overviewFacts(a);
  const out: string[] = [];
  if (f.description) out.push(text(f.description.text), '');
  if (f.intro) out.push(...readmeExcerpt(f.intro, 3), '');
  if (!f.description && !f.intro) out.push(text(`${repoName} repository.`), '');

  out.push('## At a glance', '');
  const languages = f.languages
    .slice(0, MAX_LANGUAGES)
    .map((l) => `${text(l.name)} (${count(l.files, 'file')})`);
  if (f.languages.length > MAX_LANGUAGES) languages.push(`${f.languages.length - MAX_LANGUAGES} more`);
  if (languages.length > 0) out.push(`- **Languages:** ${languages.join(', ')}`);
  const linked = (n: number, label: string, url: string) => (n > 0 ? ` (${pageLink(label, url)})` : '');
  const api = [
    ...(f.publicTypes > 0 ? [count(f.publicTypes, 'public type')] : []),
    ...(f.publicFunctions > 0 ? [count(f.publicFunctions, 'public function')] : []),
  ];
  out.push(
    `- **Code:** ${count(f.sourceFiles, 'source file')} in ${count(f.codeModules, 'module')}${api.length ? `; ${api.join(', ')}` : ''}`,
    `- **Tests:** ${count(f.testFiles, 'file')}${linked(f.testFiles, 'Tests', 'tests')}`,
    `- **Other files:** ${f.otherFiles}${linked(f.otherFiles, 'Repository infrastructure', 'infrastructure')}`,
    `- **Classification:** ${text(classification)}`,
  );
  if (f.rootDependencies > 0)
    out.push(
      `- **Dependencies:** ${f.rootDependencies} declared by the root manifests (${pageLink('Dependencies', 'dependencies')})`,
    );

  out.push('', '## Main modules', '');
  for (const c of f.mainModules) {
    const m = c.module;
    const facts = `${kindLabel(m)}, ${count(c.files, 'file')}, ${count(c.publicSymbols, 'public symbol')}`;
    const about = c.summary ? ` — ${text(c.summary.text)}` : '';
    out.push(`- ${pageLink(moduleTitle(m, repoName), moduleUrl(m.key))} (${text(facts)})${about}`);
  }
  if (f.codeModules === 0) out.push('No source code was found.');
  else if (a.modules.length > f.mainModules.length)
    out.push(
      '',
      `${count(a.modules.length, 'module')} in all, nested as the languages define them: ${pageLink('Modules', 'modules')}.`,
    );

  if (f.entryPoints.length > 0) {
    out.push('', '## Entry points', '');
    for (const e of f.entryPoints)
      out.push(
        `- ${code(e.name)} — ${e.what}${e.target ? ` running ${code(e.target)}` : ''} (${code(e.path)})`,
      );
  }

  out.push('', '## Install', '');
  for (const s of f.install)
    out.push(`To ${text(s.about)} (${code(s.path)}):`, '', ...mdFence(s.commands, 'sh'), '');
  if (f.install.length === 0) out.push('No manifest at the repository root says how to install it.', '');
  out.push(
    `Building, testing and each project's scripts: ${pageLink('Getting Started', 'getting-started')}.`,
  );

  if (a.skipped.length > 0 || a.notes.length > 0) {
    out.push('', '## Skipped files and notes', '');
    for (const s of a.skipped.slice(0, MAX_LISTED))
      out.push(`- ${code(s.path)}: ${s.reason} — ${text(s.detail)}`);
    if (a.skipped.length > MAX_LISTED) out.push(`- … ${a.skipped.length - MAX_LISTED} more skipped`);
    for (const n of a.notes.slice(0, MAX_LISTED)) out.push(`- ${text(n)}`);
    if (a.notes.length > MAX_LISTED) out.push(`- … ${a.notes.length - MAX_LISTED} more notes`);
  }
  return out;
}
