import type { ImportEdge } from '../../analysis/import-graph.js';
import { mermaidLabel, mdText as text } from '../markdown-escape.js';
import type { PageInput } from '../page-input.js';
import { moduleTitle } from '../wiki-urls.js';

export function architecturePage({ analysis: a, repoName }: PageInput): string[] {
  const title = new Map(a.modules.map((m) => [m.key, moduleTitle(m, repoName)]));
  const label = (key: string) => title.get(key) ?? key;
  const out = [
    `The repository has ${a.modules.length} module(s) and ${a.files.length} analysed file(s).`,
    '',
  ];
  if (a.importGraph.length > 0) {
    out.push('## Module dependencies', '', ...mermaidGraph(a.importGraph, label));
    out.push('', '| From | To | Imports |', '| --- | --- | --- |');
    for (const e of a.importGraph) out.push(`| ${text(label(e.from))} | ${text(label(e.to))} | ${e.count} |`);
  } else {
    out.push('No imports between modules were found.');
  }
  return out;
}

/** The import graph as a Mermaid 11 flowchart: numbered node ids, escaped quoted labels. */
function mermaidGraph(edges: readonly ImportEdge[], label: (key: string) => string): string[] {
  const keys = [...new Set(edges.flatMap((e) => [e.from, e.to]))].sort();
  const id = new Map(keys.map((k, i) => [k, `m${i}`]));
  return [
    '```mermaid',
    'graph LR',
    ...keys.map((k) => `  ${id.get(k)}[${mermaidLabel(label(k))}]`),
    ...edges.map((e) => `  ${id.get(e.from)} --> ${id.get(e.to)}`),
    '```',
  ];
}
