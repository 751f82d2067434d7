import type { MiniMapNode } from '@repowiki/contracts';
import type { RepositoryAnalysis } from '../analysis/analyze-repository.js';
import { plainLine, safeLinkTarget } from './markdown-escape.js';

/** Files shown under a module node, those with the most symbols first. @default 8 */
const FILES_PER_MODULE = 8;

/**
 * A map url is a repository path that readers turn into a link; one that would read as a
 * link of its own (`javascript:x/…`, `//host`, a backslash) is left off the map. Titles
 * are plain text: one line, no control characters.
 */
const linkable = (path: string) => safeLinkTarget(path) !== undefined;
const title = (value: string, fallback: string) => plainLine(value, { max: 200 }) || fallback;

/** The mind map (SPEC map shape): repository → modules → nested modules / key files. */
export function buildMinimap(a: RepositoryAnalysis, repoName: string): MiniMapNode {
  const node = (key: string): MiniMapNode => {
    const nested = a.modules.filter((m) => m.parent === key && linkable(m.key)).map((m) => node(m.key));
    const files = a.files
      .filter((f) => f.module === key && linkable(f.path))
      .sort((x, y) => y.symbols.length - x.symbols.length || x.path.localeCompare(y.path))
      .slice(0, FILES_PER_MODULE)
      .map((f) => ({ title: title(f.path.slice(key.length + 1), f.path), url: f.path, nodes: [] }));
    return { title: title(key.split('/').pop() || key, key), url: key, nodes: [...nested, ...files] };
  };
  const rootFiles = a.files
    .filter((f) => f.module === '' && linkable(f.path))
    .slice(0, FILES_PER_MODULE)
    .map((f) => ({ title: title(f.path, f.path), url: f.path, nodes: [] }));
  return {
    title: title(repoName, 'repository'),
    url: '',
    // Modules directly under the root module are top-level nodes too; the root module's own
    // files follow them.
    nodes: [
      ...a.modules
        .filter((m) => (m.parent === undefined || m.parent === '') && m.key !== '' && linkable(m.key))
        .map((m) => node(m.key)),
      ...rootFiles,
    ],
  };
}
