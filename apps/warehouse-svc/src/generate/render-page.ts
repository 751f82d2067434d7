import type { AnalyzedFile } from '../analysis/analyze-repository.js';
import type { PageInput } from './page-writer.js';

const MAX_LISTED = 60;

const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;

/** Deterministic Markdown for one catalog page. Same analysis in → same text out. */
export function renderPage(input: PageInput): string {
  const { page, analysis: a } = input;
  const lines: string[] = [`# ${page.name}`, ''];
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
          `| [${m.key}](modules/${m.key}) | ${files.length} | ${langs(files)} | ${m.manifest?.description ?? ''} |`,
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
        lines.push(`## ${m.name ?? m.path} (${code(m.path)}, ${m.kind})`, '');
        if (m.dependencies.length) lines.push(`Runtime: ${m.dependencies.map(code).join(', ')}`, '');
        if (m.devDependencies.length)
          lines.push(`Development: ${m.devDependencies.map(code).join(', ')}`, '');
        if (!m.dependencies.length && !m.devDependencies.length) lines.push('No dependencies declared.', '');
      }
      break;
    case 'update-log':
      for (const c of input.commits) {
        lines.push(
          `- **${c.title}** (${c.id.slice(0, 10)}, ${c.author}, ${c.date.toISOString().slice(0, 10)})`,
        );
        if (c.body) lines.push(`  ${c.body.split('\n')[0]}`);
      }
      break;
  }
  lines.push('', '## Sources', '', ...page.sources.slice(0, MAX_LISTED).map((s) => `- ${code(s)}`));
  if (page.sources.length > MAX_LISTED) lines.push(`- … ${page.sources.length - MAX_LISTED} more`);
  return `${lines.join('\n').trim()}\n`;
}

function overview({ analysis: a, classification, repoName }: PageInput): string[] {
  const intro =
    firstParagraph(a.readme?.content) ??
    a.manifests.find((m) => m.description)?.description ??
    `${repoName} repository.`;
  const out = [
    intro,
    '',
    `**Classification:** ${classification}`,
    '',
    '## Languages',
    '',
    '| Language | Files | Bytes |',
    '| --- | --- | --- |',
  ];
  for (const l of a.languages.slice(0, 12)) out.push(`| ${l.name} | ${l.files} | ${l.bytes} |`);
  out.push('', '## Modules', '');
  for (const m of a.modules)
    out.push(
      `- ${m.parent ? '  ' : ''}[${m.key}](modules/${m.key})${m.manifest?.description ? ` — ${m.manifest.description}` : ''}`,
    );
  if (a.modules.length === 0) out.push('All files live at the repository root.');
  if (a.skipped.length > 0 || a.notes.length > 0) {
    out.push('', '## Skipped files and notes', '');
    for (const s of a.skipped.slice(0, MAX_LISTED)) out.push(`- ${code(s.path)}: ${s.reason} — ${s.detail}`);
    if (a.skipped.length > MAX_LISTED) out.push(`- … ${a.skipped.length - MAX_LISTED} more skipped`);
    for (const n of a.notes.slice(0, MAX_LISTED)) out.push(`- ${n}`);
  }
  return out;
}

function gettingStarted({ analysis: a }: PageInput): string[] {
  const out: string[] = [];
  const section = a.readme
    ? readmeSection(a.readme.content, /install|getting started|usage|quick ?start|build/i)
    : undefined;
  if (section) out.push(section, '');
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
    out.push(`## ${m.name ?? m.path} (${m.kind})`, '', '```sh', ...(commands[m.kind] ?? []), '```', '');
    const scripts = Object.entries(m.scripts);
    if (scripts.length)
      out.push('Scripts:', '', ...scripts.slice(0, 20).map(([k, v]) => `- ${code(k)}: ${code(v)}`), '');
    if (m.entryPoints.length) out.push(`Entry points: ${m.entryPoints.map(code).join(', ')}`, '');
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
    out.push('## Module dependencies', '', '```mermaid', 'graph LR');
    for (const e of a.importGraph) out.push(`  ${JSON.stringify(e.from)} --> ${JSON.stringify(e.to)}`);
    out.push('```', '', '| From | To | Imports |', '| --- | --- | --- |');
    for (const e of a.importGraph) out.push(`| ${e.from} | ${e.to} | ${e.count} |`);
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
    mod?.manifest?.description ?? `Folder ${code(key)}.`,
    '',
    `Files: ${files.length}. Languages: ${langs(files) || 'none detected'}.`,
    '',
  ];
  const nested = a.modules.filter((m) => m.parent === key);
  if (nested.length)
    out.push('## Nested modules', '', ...nested.map((m) => `- [${m.key}](modules/${m.key})`), '');
  if (mod?.manifest) {
    const m = mod.manifest;
    out.push(`## Manifest ${code(m.path)}`, '');
    if (m.dependencies.length)
      out.push(`Dependencies: ${m.dependencies.slice(0, 40).map(code).join(', ')}`, '');
    if (Object.keys(m.scripts).length)
      out.push(`Scripts: ${Object.keys(m.scripts).map(code).join(', ')}`, '');
  }
  const uses = a.importGraph.filter((e) => e.from === key).map((e) => e.to);
  const usedBy = a.importGraph.filter((e) => e.to === key).map((e) => e.from);
  if (uses.length) out.push(`Uses: ${uses.map(code).join(', ')}`, '');
  if (usedBy.length) out.push(`Used by: ${usedBy.map(code).join(', ')}`, '');
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
    ...files.slice(0, MAX_LISTED).map((f) => `- ${code(f.path)}${f.language ? ` (${f.language})` : ''}`),
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
    for (const s of symbols.slice(0, 40))
      out.push(`- ${s.kind} **${s.name}** (line ${s.line})${s.doc ? `: ${s.doc}` : ''}`);
    out.push('');
  }
  return out.length ? out : ['No symbols found.'];
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

function firstParagraph(md: string | undefined): string | undefined {
  if (!md) return undefined;
  const para = md
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .find((p) => p && !p.startsWith('#') && !p.startsWith('![') && !p.startsWith('[!'));
  return para?.slice(0, 1_000);
}

function readmeSection(md: string, heading: RegExp): string | undefined {
  const parts = md.split(/^(?=#{1,3} )/m);
  const hit = parts.find((p) => heading.test(p.split('\n')[0] ?? ''));
  return hit
    ?.trim()
    .replace(/^#{1,3} /, '### ')
    .slice(0, 4_000);
}
