import type { RepositoryAnalysis } from '../analysis/analyze-repository.js';
import { byCodeUnits } from '../analysis/detect-modules.js';
import { count } from './format.js';
import { type FlowNode, flowchart } from './mermaid-flowchart.js';

/** Entry points drawn at most (all are listed). @default 8 */
export const MAX_FLOW_ENTRIES = 8;
/** Import steps followed from an entry point's module. @default 3 */
export const FLOW_DEPTH = 3;
/** Modules the flow draws at most. @default 30 */
export const MAX_FLOW_MODULES = 30;

/**
 * The entry-point flow: each entry point (stadium node) → its module → the modules it
 * imports, FLOW_DEPTH steps deep, breadth first (entry points in their order, imports in key
 * order), at most MAX_FLOW_MODULES modules. Returns the note on what was left out and the
 * diagram; nothing when there are no entry points.
 */
export function entryFlow(a: RepositoryAnalysis, title: (key: string) => string): string[] {
  const entries = a.entryPoints.slice(0, MAX_FLOW_ENTRIES);
  if (entries.length === 0) return [];
  const out = new Map<string, string[]>();
  for (const e of a.importGraph) out.set(e.from, [...(out.get(e.from) ?? []), e.to]);
  const depth = new Map<string, number>();
  const queue: string[] = [];
  for (const e of entries)
    if (!depth.has(e.module) && depth.size < MAX_FLOW_MODULES) {
      depth.set(e.module, 0);
      queue.push(e.module);
    }
  const edges: [string, string][] = [];
  let cut = false;
  for (let i = 0; i < queue.length; i++) {
    const from = queue[i] ?? '';
    const d = depth.get(from) ?? 0;
    if (d >= FLOW_DEPTH) continue;
    for (const to of (out.get(from) ?? []).sort(byCodeUnits)) {
      if (!depth.has(to)) {
        if (depth.size >= MAX_FLOW_MODULES) {
          cut = true;
          continue;
        }
        depth.set(to, d + 1);
        queue.push(to);
      }
      edges.push([from, to]);
    }
  }
  const id = new Map([...depth.keys()].map((k, i) => [k, `m${i}`]));
  const nodes: FlowNode[] = [
    ...entries.map((e, i): FlowNode => ({ id: `e${i}`, label: e.label, shape: 'stadium' })),
    ...[...depth.keys()].map((k): FlowNode => ({ id: id.get(k) ?? '', label: title(k) })),
  ];
  const lines: [string, string][] = [
    ...entries.map((e, i): [string, string] => [`e${i}`, id.get(e.module) ?? '']),
    ...edges.map(([f, t]): [string, string] => [id.get(f) ?? '', id.get(t) ?? '']),
  ];
  const notes = [
    `From each entry point, the modules it imports, ${FLOW_DEPTH} steps deep`,
    ...(a.entryPoints.length > entries.length
      ? [`the first ${entries.length} of ${count(a.entryPoints.length, 'entry point')} are drawn`]
      : []),
    ...(cut ? [`at most ${MAX_FLOW_MODULES} modules are drawn, the rest are on the module pages`] : []),
  ];
  return [`${notes.join('; ')}.`, '', ...flowchart('TD', nodes, lines)];
}
