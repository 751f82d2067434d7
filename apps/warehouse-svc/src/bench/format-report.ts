import type { WikiBenchRow } from './run-wiki-bench.js';

const ratio = (found: number, total: number) =>
  total === 0 ? '0 / 0' : `${found} / ${total} (${Math.floor((100 * found) / total)} %)`;

const HEADER = [
  'Repository',
  'Commit',
  'Files',
  'Task time (1st / 2nd run)',
  'Pages',
  'Packages with a page',
  'Public top-level recall',
  'Public method recall',
  'Mermaid blocks parsed',
  'Mind-map URLs resolving',
  'Second run identical',
];

/** One Markdown table row per repository (paste-ready for the README). */
export function formatTable(rows: readonly WikiBenchRow[]): string {
  const cells = rows.map((r) => [
    r.repository,
    r.commit.slice(0, 10),
    String(r.files),
    `${(r.taskMs / 1000).toFixed(2)} s / ${(r.secondTaskMs / 1000).toFixed(2)} s`,
    String(r.measures.pages),
    ratio(r.measures.packages.withPage.length, r.packagesFound),
    ratio(r.measures.topLevel.found, r.measures.topLevel.total),
    ratio(r.measures.methods.found, r.measures.methods.total),
    `${r.measures.mermaid.ok} / ${r.measures.mermaid.total}`,
    `${r.measures.mapUrls.resolved} / ${r.measures.mapUrls.total}${r.mapSettled ? '' : ' (map task unfinished)'}`,
    r.determinism.identical ? 'yes' : `no (${r.determinism.differences.length} differ)`,
  ]);
  const widths = HEADER.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: readonly string[]) => `| ${c.map((v, i) => v.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(HEADER), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

/** What is missing per repository, `limit` items per list, for whoever improves the pipeline. */
export function formatDetails(rows: readonly WikiBenchRow[], limit: number): string {
  const out: string[] = [];
  const list = (title: string, items: readonly string[]) => {
    if (items.length === 0) return;
    out.push(`  ${title} (${items.length}):`);
    for (const item of items.slice(0, limit)) out.push(`    ${item}`);
    if (items.length > limit) out.push(`    … ${items.length - limit} more`);
  };
  for (const r of rows) {
    const m = r.measures;
    out.push(`${r.repository} @ ${r.commit}`);
    list(
      'packages without a page',
      m.packages.withoutPage.map((p) => `${p.language} ${p.name} (${p.dir || '.'})`),
    );
    list(
      'public top-level definitions not on a page',
      m.topLevel.missed.map((d) => `${d.path}:${d.line} ${d.kind} ${d.name}`),
    );
    list(
      'public methods not on a page',
      m.methods.missed.map((d) => `${d.path}:${d.line} ${d.scope ? `${d.scope}.` : ''}${d.name}`),
    );
    list('Mermaid blocks that do not parse', m.mermaid.failures);
    list('mind-map URLs that do not resolve', m.mapUrls.broken);
    list('differences between the two runs', r.determinism.differences);
  }
  return out.join('\n');
}
