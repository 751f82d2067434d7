import type { AnalyzedFile } from '../analysis/analyze-repository.js';
import {
  mdCode as code,
  mdFence,
  mdLink,
  mermaidLabel,
  relativeHref,
  stripHtml,
  mdText as text,
} from './markdown-escape.js';
import type { PageInput } from './page-input.js';
import { readmeExcerpt } from './readme-excerpt.js';

const MAX_LISTED = 60;

/** A link to the page of module `key` (wiki slugs are relative: `modules/<key>`). */
const moduleLink = (key: string) => mdLink(key, `modules/${relativeHref(key)}`);

/**
 * Deterministic Markdown for one catalog page. Same analysis in → same text out. Every
 * value from the repository goes through `markdown-escape.ts` (or `readme-excerpt.ts` for
 * README text): a page holds no raw HTML and no link outside http(s) and relative targets.
 */
export function renderPage(input: PageInput): string {
  const { page, analysis: a } = input;
  const lines: string[] = [`# ${text(page.name)}`, ''];
  switch (page.kind) {
    case 'overview':
      lines.push(...overview(input));
      break;
    case 'getting-started':
      lines.push(...gettingStarted(input));
      break;
    case 'architecture':
      lines.push(...architecture(input));
      break;
    case 'modules':
      lines.push('| Module | Files | Languages | Description |', '| --- | --- | --- | --- |');
      for (const m of a.modules) {
        const files = a.files.filter((f) => f.module === m.key);
        lines.push(
          `| ${moduleLink(m.key)} | ${files.length} | ${text(langs(files))} | ${text(m.manifest?.description ?? '')} |`,
        );
      }
      break;
    case 'module':
      lines.push(...modulePage(input));
      break;
    case 'api':
      lines.push('Public symbols per module, as found by the tree-sitter grammars.', '');
      for (const s of page.sources) lines.push(`- ${code(s)}`);
      break;
    case 'api-module':
      lines.push(
        ...symbolList(
          a.files.filter((f) => f.module === page.moduleKey && f.symbols.length > 0),
          false,
        ),
      );
      break;
    case 'dependencies':
      for (const m of a.manifests) {
        lines.push(`## ${text(m.name ?? m.path)} (${code(m.path)}, ${m.kind})`, '');
        if (m.dependencies.length)
          lines.push(`Runtime: ${m.dependencies.map((v) => code(v)).join(', ')}`, '');
        if (m.devDependencies.length)
          lines.push(`Development: ${m.devDependencies.map((v) => code(v)).join(', ')}`, '');
        if (!m.dependencies.length && !m.devDependencies.length) lines.push('No dependencies declared.', '');
      }
      break;
    case 'update-log':
      for (const c of input.commits) {
        lines.push(
          `- **${text(c.title)}** (${text(c.id.slice(0, 10))}, ${text(c.author)}, ${c.date.toISOString().slice(0, 10)})`,
        );
        const body = text(c.body.split('\n')[0] ?? '');
        if (body) lines.push(`  ${body}`);
      }
      break;
  }
  lines.push('', '## Sources', '', ...page.sources.slice(0, MAX_LISTED).map((s) => `- ${code(s)}`));
  if (page.sources.length > MAX_LISTED) lines.push(`- … ${page.sources.length - MAX_LISTED} more`);
  return `${lines.join('\n').trim()}\n`;
}

function overview({ analysis: a, classification, repoName }: PageInput): string[] {
  const description = a.manifests.find((m) => m.description)?.description;
  const intro = firstParagraph(a.readme?.content) ?? [text(description ?? `${repoName} repository.`)];
  const out = [
    ...intro,
    '',
    `**Classification:** ${classification}`,
    '',
    '## Languages',
    '',
    '| Language | Files | Bytes |',
    '| --- | --- | --- |',
  ];
  for (const l of a.languages.slice(0, 12)) out.push(`| ${text(l.name)} | ${l.files} | ${l.bytes} |`);
  out.push('', '## Modules', '');
  for (const m of a.modules)
    out.push(
      `- ${m.parent ? '  ' : ''}${moduleLink(m.key)}${m.manifest?.description ? ` — ${text(m.manifest.description)}` : ''}`,
    );
  if (a.modules.length === 0) out.push('All files live at the repository root.');
  if (a.skipped.length > 0 || a.notes.length > 0) {
    out.push('', '## Skipped files and notes', '');
    for (const s of a.skipped.slice(0, MAX_LISTED))
      out.push(`- ${code(s.path)}: ${s.reason} — ${text(s.detail)}`);
    if (a.skipped.length > MAX_LISTED) out.push(`- … ${a.skipped.length - MAX_LISTED} more skipped`);
    for (const n of a.notes.slice(0, MAX_LISTED)) out.push(`- ${text(n)}`);
  }
  return out;
}

function gettingStarted({ analysis: a }: PageInput): string[] {
  const out: string[] = [];
  const section = a.readme
    ? readmeSection(a.readme.content, /install|getting started|usage|quick ?start|build/i)
    : undefined;
  if (section) out.push(...readmeExcerpt(section, 3), '');
  const commands: Record<string, string[]> = {
    npm: ['npm install', 'npm test'],
    python: ['pip install -e .'],
    requirements: ['pip install -r requirements.txt'],
    go: ['go build ./...', 'go test ./...'],
    cargo: ['cargo build', 'cargo test'],
    maven: ['mvn package'],
    gradle: ['gradle build'],
    dotnet: ['dotnet build'],
    composer: ['composer install'],
    gem: ['bundle install'],
  };
  for (const m of a.manifests.filter((m) => !m.path.includes('/') || a.manifests.length <= 3)) {
    out.push(`## ${text(m.name ?? m.path)} (${m.kind})`, '', ...mdFence(commands[m.kind] ?? [], 'sh'), '');
    const scripts = Object.entries(m.scripts);
    if (scripts.length)
      out.push('Scripts:', '', ...scripts.slice(0, 20).map(([k, v]) => `- ${code(k)}: ${code(v)}`), '');
    if (m.entryPoints.length) out.push(`Entry points: ${m.entryPoints.map((v) => code(v)).join(', ')}`, '');
  }
  if (out.length === 0)
    out.push('No manifest or installation notes were found; see the module pages for the code layout.');
  return out;
}

function architecture({ analysis: a }: PageInput): string[] {
  const out = [
    `The repository has ${a.modules.length} module(s) and ${a.files.length} analysed file(s).`,
    '',
  ];
  if (a.importGraph.length > 0) {
    out.push('## Module dependencies', '', ...mermaidGraph(a.importGraph));
    out.push('', '| From | To | Imports |', '| --- | --- | --- |');
    for (const e of a.importGraph) out.push(`| ${text(e.from)} | ${text(e.to)} | ${e.count} |`);
  } else {
    out.push('No imports between modules were found.');
  }
  return out;
}

function modulePage({ page, analysis: a }: PageInput): string[] {
  const key = page.moduleKey ?? '';
  const mod = a.modules.find((m) => m.key === key);
  const files = a.files.filter((f) => f.module === key);
  const out = [
    mod?.manifest?.description ? text(mod.manifest.description) : `Folder ${code(key)}.`,
    '',
    `Files: ${files.length}. Languages: ${langs(files) || 'none detected'}.`,
    '',
  ];
  const nested = a.modules.filter((m) => m.parent === key);
  if (nested.length) out.push('## Nested modules', '', ...nested.map((m) => `- ${moduleLink(m.key)}`), '');
  if (mod?.manifest) {
    const m = mod.manifest;
    out.push(`## Manifest ${code(m.path)}`, '');
    if (m.dependencies.length)
      out.push(
        `Dependencies: ${m.dependencies
          .slice(0, 40)
          .map((v) => code(v))
          .join(', ')}`,
        '',
      );
    if (Object.keys(m.scripts).length)
      out.push(
        `Scripts: ${Object.keys(m.scripts)
          .map((v) => code(v))
          .join(', ')}`,
        '',
      );
  }
  const uses = a.importGraph.filter((e) => e.from === key).map((e) => e.to);
  const usedBy = a.importGraph.filter((e) => e.to === key).map((e) => e.from);
  if (uses.length) out.push(`Uses: ${uses.map((v) => code(v)).join(', ')}`, '');
  if (usedBy.length) out.push(`Used by: ${usedBy.map((v) => code(v)).join(', ')}`, '');
  out.push(
    '## Key symbols',
    '',
    ...symbolList(
      files.filter((f) => f.symbols.length > 0),
      true,
    ),
  );
  out.push(
    '',
    '## Files',
    '',
    ...files
      .slice(0, MAX_LISTED)
      .map((f) => `- ${code(f.path)}${f.language ? ` (${text(f.language)})` : ''}`),
  );
  if (files.length > MAX_LISTED) out.push(`- … ${files.length - MAX_LISTED} more`);
  return out;
}

function symbolList(files: readonly AnalyzedFile[], exportedOnly: boolean): string[] {
  const out: string[] = [];
  for (const f of files.slice(0, MAX_LISTED)) {
    const symbols = f.symbols.filter((s) => !exportedOnly || s.exported);
    if (symbols.length === 0) continue;
    out.push(`### ${code(f.path)}`, '');
    for (const s of symbols.slice(0, 40)) {
      const doc = s.doc ? text(stripHtml(s.doc)) : '';
      out.push(`- ${text(s.kind)} **${code(s.name)}** (line ${s.line})${doc ? `: ${doc}` : ''}`);
    }
    out.push('');
  }
  return out.length ? out : ['No symbols found.'];
}

/** The import graph as a Mermaid 11 flowchart: numbered node ids, escaped quoted labels. */
function mermaidGraph(edges: PageInput['analysis']['importGraph']): string[] {
  const keys = [...new Set(edges.flatMap((e) => [e.from, e.to]))].sort();
  const id = new Map(keys.map((k, i) => [k, `m${i}`]));
  return [
    '```mermaid',
    'graph LR',
    ...keys.map((k) => `  ${id.get(k)}[${mermaidLabel(k)}]`),
    ...edges.map((e) => `  ${id.get(e.from)} --> ${id.get(e.to)}`),
    '```',
  ];
}

function langs(files: readonly AnalyzedFile[]): string {
  const count = new Map<string, number>();
  for (const f of files) if (f.language) count.set(f.language, (count.get(f.language) ?? 0) + 1);
  return [...count]
    .sort((x, y) => y[1] - x[1])
    .slice(0, 4)
    .map(([l]) => l)
    .join(', ');
}

/**
 * The README's first paragraph of prose, as safe Markdown lines: headings, images, badge
 * lines and paragraphs that are only HTML (a centred logo) are passed over.
 */
function firstParagraph(md: string | undefined): string[] | undefined {
  if (!md) return undefined;
  for (const para of md.split(/\n[ \t]*\n/)) {
    const prose = stripHtml(para).trim();
    if (!prose || prose.startsWith('#') || prose.startsWith('![') || prose.startsWith('[!')) continue;
    if (/^(```|~~~)/.test(prose)) continue;
    const lines = readmeExcerpt(prose.slice(0, 1_000), 3);
    if (lines.length > 0) return lines;
  }
  return undefined;
}

function readmeSection(md: string, heading: RegExp): string | undefined {
  const parts = md.split(/^(?=#{1,3} )/m);
  const hit = parts.find((p) => heading.test(p.split('\n')[0] ?? ''));
  return hit
    ?.trim()
    .replace(/^#{1,3} /, '### ')
    .slice(0, 4_000);
}
