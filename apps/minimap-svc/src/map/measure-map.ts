import type { MiniMapNode } from '@repowiki/contracts';

/** Nodes including the root, and levels including the root. */
export function measureMap(root: MiniMapNode): { nodes: number; depth: number } {
  let nodes = 0;
  let depth = 0;
  const stack: [MiniMapNode, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [node, level] = stack.pop()!;
    nodes++;
    depth = Math.max(depth, level);
    for (const child of node.nodes) stack.push([child, level + 1]);
  }
  return { nodes, depth };
}

/** Every node with its path of titles, root first, for problem messages. */
export function* walkMap(
  root: MiniMapNode,
  trail: string[] = [],
): Generator<{ node: MiniMapNode; trail: string[] }> {
  const here = [...trail, root.title];
  yield { node: root, trail: here };
  for (const child of root.nodes) yield* walkMap(child, here);
}
