import {
  type CodeOutline,
  type MiniMapNode,
  type OutlineMember,
  type RepositoryWeb,
  sourceCitationUrl,
} from '@repowiki/contracts';
import { MAP_LIMITS } from './map-limits.js';
import { isMapPath, mapTitle } from './map-text.js';

export interface MapSource {
  /** `org/repo`, the map's title. */
  title: string;
  /** What warehouse-svc stored of the code; undefined for a wiki built before it did. */
  outline?: CodeOutline;
  /** The repository's web links (a known git host); undefined for local and unknown hosts. */
  web?: RepositoryWeb;
  /** Repository-relative file paths (the wiki's sources and the clone's files): the fallback map. */
  files: readonly string[];
}

/**
 * The mind map of a repository (`{ title, url, nodes }`): its concepts, not a copy of the
 * wiki's catalog. Root = the repository; children = its modules (packages as the language
 * defines them, the main ones first); below each, its key types and functions (most
 * important first); below each type, its key members. Every url is a link to the lines
 * (`<web url>/blob/<sha>/<path>#L<a>-L<b>` on a known host, the repository-relative
 * `path#L<a>-L<b>` otherwise); a module links its folder (the root module its entry file).
 * Without an outline the file tree is drawn. Never exceeds MAP_LIMITS: when the outline is
 * larger, every module is drawn first, then the n-th symbol of every module before the
 * n+1-th of any, a member only with its type. Paths that are no safe map path (`isMapPath`)
 * are left out; titles are one line of plain text.
 */
export function buildMiniMap(source: MapSource): MiniMapNode {
  const budget = { left: MAP_LIMITS.maxNodes - 1 };
  const nodes = source.outline
    ? conceptNodes(source.outline, source.web, budget)
    : directoryNodes(source.files.filter(isMapPath), budget);
  return { title: mapTitle(source.title, 'Repository'), url: '', nodes };
}

interface Budget {
  left: number;
}

const CALLABLE = new Set(['function', 'method', 'constructor', 'delegate', 'macro']);
const symbolTitle = (s: OutlineMember) => mapTitle(CALLABLE.has(s.kind) ? `${s.name}()` : s.name, s.kind);

function conceptNodes(outline: CodeOutline, web: RepositoryWeb | undefined, budget: Budget): MiniMapNode[] {
  const link = (s: OutlineMember) =>
    sourceCitationUrl(web, outline.commit, { path: s.path, lines: [s.line, Math.max(s.line, s.endLine)] });
  const modules: { node: MiniMapNode; symbols: (OutlineMember & { members: OutlineMember[] })[] }[] = [];
  for (const m of outline.modules) {
    if (budget.left <= 0) break;
    const folder = m.key !== '';
    const path = folder ? m.key : m.anchor;
    if (!isMapPath(path)) continue;
    budget.left--;
    modules.push({
      node: {
        title: mapTitle(m.name, m.key || 'root'),
        url: sourceCitationUrl(web, outline.commit, { path, folder }),
        nodes: [],
      },
      symbols: m.symbols
        .filter((s) => isMapPath(s.path))
        .slice(0, MAP_LIMITS.symbolsPerModule)
        .map((s) => ({
          ...s,
          members: s.members.filter((x) => isMapPath(x.path)).slice(0, MAP_LIMITS.membersPerSymbol),
        })),
    });
  }
  // Rank of a symbol: its place in its module; of a member: the larger of its own place and
  // its type's. Types before members at a rank, then map order: breadth over depth.
  const candidates: { rank: number; depth: number; order: number; add: () => MiniMapNode }[] = [];
  let order = 0;
  for (const { node, symbols } of modules)
    symbols.forEach((s, i) => {
      let symbolNode: MiniMapNode | undefined;
      candidates.push({
        rank: i,
        depth: 0,
        order: order++,
        add: () => {
          symbolNode = { title: symbolTitle(s), url: link(s), nodes: [] };
          node.nodes.push(symbolNode);
          return symbolNode;
        },
      });
      s.members.forEach((member, k) => {
        candidates.push({
          rank: Math.max(i, k),
          depth: 1,
          order: order++,
          add: () => {
            const leaf = { title: symbolTitle(member), url: link(member), nodes: [] };
            symbolNode?.nodes.push(leaf);
            return leaf;
          },
        });
      });
    });
  candidates.sort((x, y) => x.rank - y.rank || x.depth - y.depth || x.order - y.order);
  const chosen = new Set(candidates.slice(0, Math.max(0, budget.left)).map((c) => c.order));
  budget.left -= chosen.size;
  // Added in map order (a type before its members, members in their own order).
  for (const c of [...candidates].sort((x, y) => x.order - y.order)) if (chosen.has(c.order)) c.add();
  return modules.map((m) => m.node);
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
      const node: MiniMapNode = {
        title: name,
        url: sourceCitationUrl(undefined, undefined, { path: url }),
        nodes: [],
      };
      out.push(node);
      if (depth < MAP_LIMITS.directoryDepth + 1) node.nodes = build(sub, url, depth + 1);
    }
    const room = MAP_LIMITS.entriesPerDirectory - out.length;
    for (const file of dir.files.sort().slice(0, Math.max(0, room))) {
      if (budget.left <= 0) return out;
      budget.left--;
      out.push({
        title: baseName(file),
        url: sourceCitationUrl(undefined, undefined, { path: file }),
        nodes: [],
      });
    }
    return out;
  };
  return build(root, '', 2);
}

function baseName(path: string): string {
  return mapTitle(path.slice(path.lastIndexOf('/') + 1), path);
}
