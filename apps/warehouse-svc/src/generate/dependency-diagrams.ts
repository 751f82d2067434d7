import type { RepositoryAnalysis } from '../analysis/analyze-repository.js';
import { byCodeUnits, type ModuleInfo } from '../analysis/detect-modules.js';
import type { ImportEdge } from '../analysis/import-graph.js';
import { count } from './format.js';
import { mdText as text } from './markdown-escape.js';
import { type FlowGroup, type FlowNode, flowchart } from './mermaid-flowchart.js';

/** Modules one diagram draws at most; more would not be readable. @default 30 */
export const MAX_DIAGRAM_NODES = 30;

type Title = (key: string) => string;

/**
 * The module dependency diagrams of the Architecture page. Up to MAX_DIAGRAM_NODES modules:
 * one diagram, modules boxed by the project (Maven module, npm package, crate…) they
 * belong to. More: when the modules belong to several projects, one diagram of the
 * projects (imports between them collapsed into one arrow) and one per project of the
 * modules inside it; otherwise the modules with the most imports. Whatever is not drawn is
 * said, with where it is (the table below lists every import).
 */
export function dependencyDiagrams(a: RepositoryAnalysis, title: Title): string[] {
  const edges = a.importGraph;
  const byKey = new Map(a.modules.map((m) => [m.key, m]));
  const projectOf = projectLookup(byKey);
  const keys = nodesOf(edges);
  if (keys.length <= MAX_DIAGRAM_NODES) {
    const groups = new Map<string, string[]>();
    for (const k of keys) {
      const p = projectOf(k);
      if (p !== undefined) groups.set(p, [...(groups.get(p) ?? []), k]);
    }
    const boxed = groups.size > 1 || (groups.size === 1 && keys.some((k) => projectOf(k) === undefined));
    return diagram(
      keys,
      edges,
      title,
      boxed ? [...groups].map(([p, ks]) => ({ title: title(p), keys: ks })) : [],
    );
  }
  const projects = [...new Set(keys.map((k) => projectOf(k) ?? ''))].sort(byCodeUnits);
  if (projects.length < 2) return topByDegree(edges, title);
  const projectTitle = (p: string) => (p === '' ? 'modules outside any project' : title(p));
  const across = new Map<string, ImportEdge>();
  for (const e of edges) {
    const from = projectOf(e.from) ?? '';
    const to = projectOf(e.to) ?? '';
    if (from !== to) across.set(`${from}\0${to}`, { from, to, count: 0, files: [] });
  }
  const out = [
    `${count(keys.length, 'module')} import each other across ${count(projects.length, 'project')}: first the projects (an arrow stands for all imports between two of them), then the modules inside each.`,
    '',
    '### Projects',
    '',
    ...(across.size > 0
      ? topByDegree([...across.values()], projectTitle, 'project')
      : ['No imports between projects.']),
  ];
  for (const p of projects) {
    const inside = edges.filter((e) => (projectOf(e.from) ?? '') === p && (projectOf(e.to) ?? '') === p);
    out.push('', `### ${text(projectTitle(p))}`, '');
    out.push(...(inside.length > 0 ? topByDegree(inside, title) : ['No imports between its modules.']));
  }
  return out;
}

/** The modules of `edges` with the most imports (at most MAX_DIAGRAM_NODES), and what is left out. */
function topByDegree(edges: readonly ImportEdge[], title: Title, noun = 'module'): string[] {
  const degree = new Map<string, number>();
  for (const e of edges) {
    degree.set(e.from, (degree.get(e.from) ?? 0) + 1);
    degree.set(e.to, (degree.get(e.to) ?? 0) + 1);
  }
  const keys = [...degree.keys()];
  if (keys.length <= MAX_DIAGRAM_NODES) return diagram(keys.sort(byCodeUnits), edges, title, []);
  const drawn = keys
    .sort((x, y) => (degree.get(y) ?? 0) - (degree.get(x) ?? 0) || byCodeUnits(x, y))
    .slice(0, MAX_DIAGRAM_NODES)
    .sort(byCodeUnits);
  const kept = new Set(drawn);
  const shown = edges.filter((e) => kept.has(e.from) && kept.has(e.to));
  return [
    `The ${MAX_DIAGRAM_NODES} ${noun}s with the most imports are drawn; ${count(keys.length - drawn.length, `other ${noun}`)} and ${count(edges.length - shown.length, 'import')} between them and the rest are in the table below.`,
    '',
    ...diagram(drawn, shown, title, []),
  ];
}

function diagram(
  keys: readonly string[],
  edges: readonly ImportEdge[],
  title: Title,
  groups: readonly { title: string; keys: readonly string[] }[],
): string[] {
  const id = new Map(keys.map((k, i) => [k, `m${i}`]));
  const nodes: FlowNode[] = keys.map((k) => ({ id: id.get(k) ?? '', label: title(k) }));
  const lines = edges.flatMap((e): [string, string][] => {
    const from = id.get(e.from);
    const to = id.get(e.to);
    return from && to ? [[from, to]] : [];
  });
  const flowGroups: FlowGroup[] = groups.map((g) => ({
    title: g.title,
    ids: g.keys.map((k) => id.get(k) ?? ''),
  }));
  return flowchart('LR', nodes, lines, flowGroups);
}

const nodesOf = (edges: readonly ImportEdge[]) =>
  [...new Set(edges.flatMap((e) => [e.from, e.to]))].sort(byCodeUnits);

/** Module key → key of the nearest project container enclosing it (a Maven module, an npm package…). */
function projectLookup(byKey: ReadonlyMap<string, ModuleInfo>): (key: string) => string | undefined {
  const cache = new Map<string, string | undefined>();
  return (key) => {
    if (cache.has(key)) return cache.get(key);
    let p = byKey.get(key)?.parent;
    while (p !== undefined && byKey.get(p)?.kind !== 'project') p = byKey.get(p)?.parent;
    cache.set(key, p);
    return p;
  };
}
