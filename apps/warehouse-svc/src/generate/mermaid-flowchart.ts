import { mermaidLabel } from './markdown-escape.js';

export interface FlowNode {
  /** Generated, never repository text: `m0`, `e3`. */
  readonly id: string;
  readonly label: string;
  /** `box` (default) or `stadium` (entry points). */
  readonly shape?: 'box' | 'stadium';
}

export interface FlowGroup {
  readonly title: string;
  readonly ids: readonly string[];
}

/**
 * A Mermaid 11 flowchart as a fenced block: node declarations (numbered ids, labels quoted
 * and escaped by `mermaidLabel`), then subgraphs naming their member ids, then edges.
 * Nothing from the repository reaches the diagram outside a quoted label.
 */
export function flowchart(
  direction: 'LR' | 'TD',
  nodes: readonly FlowNode[],
  edges: readonly (readonly [string, string])[],
  groups: readonly FlowGroup[] = [],
): string[] {
  return [
    '```mermaid',
    `flowchart ${direction}`,
    ...nodes.map((n) =>
      n.shape === 'stadium' ? `  ${n.id}([${mermaidLabel(n.label)}])` : `  ${n.id}[${mermaidLabel(n.label)}]`,
    ),
    ...groups.flatMap((g, i) => [
      `  subgraph g${i} [${mermaidLabel(g.title)}]`,
      ...g.ids.map((id) => `    ${id}`),
      '  end',
    ]),
    ...edges.map(([from, to]) => `  ${from} --> ${to}`),
    '```',
  ];
}
