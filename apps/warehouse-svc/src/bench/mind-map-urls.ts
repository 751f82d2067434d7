import { type RepositoryIndex, resolvesInRepository } from './resolve-url.js';

interface MapNode {
  readonly title?: unknown;
  readonly url?: unknown;
  readonly nodes?: unknown;
}

export interface MapUrlCheck {
  readonly resolved: number;
  readonly total: number;
  /** Urls that do not resolve, in map order. */
  readonly broken: readonly string[];
}

/**
 * Checks every url of a stored mind map (`{ title, url, nodes: [...] }`, as `minimaps.value`)
 * below its root; the root stands for the repository itself and is not counted. Nodes
 * without a string url are not counted either.
 */
export function checkMapUrls(map: unknown, repo: RepositoryIndex): MapUrlCheck {
  const broken: string[] = [];
  let total = 0;
  const children = (n: MapNode) => (Array.isArray(n.nodes) ? (n.nodes as MapNode[]) : []);
  const visit = (n: MapNode) => {
    if (typeof n.url === 'string') {
      total++;
      if (!resolvesInRepository(n.url, repo)) broken.push(n.url);
    }
    for (const c of children(n)) visit(c);
  };
  if (map && typeof map === 'object') for (const c of children(map as MapNode)) visit(c);
  return { resolved: total - broken.length, total, broken };
}
