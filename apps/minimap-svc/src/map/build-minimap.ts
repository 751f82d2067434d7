import type { MiniMapNode } from '@repowiki/contracts';
import { MAP_LIMITS } from './map-limits.js';
import { isMapPath, mapTitle } from './map-text.js';

export interface CatalogEntry {
  id: string;
  parentId: string | null;
  name: string;
  order: number;
  /** Repository-relative paths of the files the page was generated from. */
  sources: readonly string[];
}

export interface MapSource {
  /** `org/repo`, the map's title. */
  title: string;
  catalog: readonly CatalogEntry[];
  /** Repository-relative file paths (sources and, when present, the clone's files). */
  files: readonly string[];
}

/**
 * The mind map of a repository: `{ title, url, nodes }` where every `url` is a path inside
 * the repository ('' = its root). The wiki catalog gives the branches (a page's url is the
 * directory its sources share, or its only source); without a catalog the file tree does.
 * Never exceeds MAP_LIMITS. Paths that are no safe map url (`isMapPath`) are left out;
 * titles are one line of plain text.
 */
export function buildMiniMap(source: MapSource): MiniMapNode {
  const budget = { left: MAP_LIMITS.maxNodes - 1 };
  const catalog = source.catalog.map((c) => ({
    ...c,
    name: mapTitle(c.name, 'Page'),
    sources: c.sources.filter(isMapPath),
  }));
  const files = source.files.filter(isMapPath);
  const nodes = catalog.length > 0 ? catalogNodes(catalog, budget) : directoryNodes(files, budget);
  return { title: mapTitle(source.title, 'Repository'), url: '', nodes };
}

interface Budget {
  left: number;
}

function catalogNodes(catalog: readonly CatalogEntry[], budget: Budget): MiniMapNode[] {
  const children = new Map<string | null, CatalogEntry[]>();
  const ids = new Set(catalog.map((c) => c.id));
  for (const entry of catalog) {
    // A page whose parent is gone (deleted) hangs from the root rather than vanishing.
    const parent = entry.parentId !== null && ids.has(entry.parentId) ? entry.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), entry]);
  }
  const sourcesBelow = (entry: CatalogEntry, seen = new Set<string>()): string[] => {
    if (seen.has(entry.id)) return [];
    seen.add(entry.id);
    return [...entry.sources, ...(children.get(entry.id) ?? []).flatMap((c) => sourcesBelow(c, seen))];
  };
  const build = (parent: string | null, depth: number, path: Set<string>): MiniMapNode[] => {
    const out: MiniMapNode[] = [];
    const entries = [...(children.get(parent) ?? [])].sort(
      (a, b) => a.order - b.order || a.name.localeCompare(b.name),
    );
    for (const entry of entries) {
      if (budget.left <= 0 || path.has(entry.id)) break;
      budget.left--;
      const node: MiniMapNode = { title: entry.name, url: commonPath(sourcesBelow(entry)), nodes: [] };
      out.push(node);
      if (depth >= MAP_LIMITS.maxDepth) continue;
      node.nodes = build(entry.id, depth + 1, new Set([...path, entry.id]));
      if (node.nodes.length === 0 && depth < MAP_LIMITS.maxDepth) {
        for (const file of [...new Set(entry.sources)].sort().slice(0, MAP_LIMITS.filesPerPage)) {
          if (budget.left <= 0) break;
          budget.left--;
          node.nodes.push({ title: baseName(file), url: file, nodes: [] });
        }
      }
    }
    return out;
  };
  return build(null, 2, new Set());
}

function directoryNodes(files: readonly string[], budget: Budget): MiniMapNode[] {
  interface Dir {
    dirs: Map<string, Dir>;
    files: string[];
  }
  const root: Dir = { dirs: new Map(), files: [] };
  for (const file of new Set(files)) {
    const parts = file.split('/').filter(Boolean);
    let dir = root;
    for (const part of parts.slice(0, -1)) {
      const next = dir.dirs.get(part) ?? { dirs: new Map(), files: [] };
      dir.dirs.set(part, next);
      dir = next;
    }
    dir.files.push(parts.join('/'));
  }
  const build = (dir: Dir, prefix: string, depth: number): MiniMapNode[] => {
    const out: MiniMapNode[] = [];
    const dirs = [...dir.dirs.keys()].sort().map((name) => ({ name, dir: dir.dirs.get(name)! }));
    for (const { name, dir: sub } of dirs.slice(0, MAP_LIMITS.entriesPerDirectory)) {
      if (budget.left <= 0) return out;
      budget.left--;
      const url = prefix ? `${prefix}/${name}` : name;
      const node: MiniMapNode = { title: name, url, nodes: [] };
      out.push(node);
      if (depth < MAP_LIMITS.directoryDepth + 1) node.nodes = build(sub, url, depth + 1);
    }
    const room = MAP_LIMITS.entriesPerDirectory - out.length;
    for (const file of dir.files.sort().slice(0, Math.max(0, room))) {
      if (budget.left <= 0) return out;
      budget.left--;
      out.push({ title: baseName(file), url: file, nodes: [] });
    }
    return out;
  };
  return build(root, '', 2);
}

/** The single path, or the deepest directory all paths share ('' when none). */
export function commonPath(paths: readonly string[]): string {
  const unique = [...new Set(paths)];
  if (unique.length === 0) return '';
  if (unique.length === 1) return unique[0]!;
  const split = unique.map((p) => p.split('/'));
  const first = split[0]!;
  let n = 0;
  // Only directory segments count: the last segment of each path is a file name.
  while (n < first.length - 1 && split.every((parts) => n < parts.length - 1 && parts[n] === first[n])) n++;
  return first.slice(0, n).join('/');
}

function baseName(path: string): string {
  return mapTitle(path.slice(path.lastIndexOf('/') + 1), path);
}
