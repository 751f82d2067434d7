import type { MiniMapNode } from '@repowiki/contracts';
import type { RepositoryAnalysis } from '../analysis/analyze-repository.js';

/** Files shown under a module node, those with the most symbols first. @default 8 */
const FILES_PER_MODULE = 8;

/** The mind map (SPEC map shape): repository → modules → nested modules / key files. */
export function buildMinimap(a: RepositoryAnalysis, repoName: string): MiniMapNode {
  const node = (key: string): MiniMapNode => {
    const nested = a.modules.filter((m) => m.parent === key).map((m) => node(m.key));
    const files = a.files
      .filter((f) => f.module === key)
      .sort((x, y) => y.symbols.length - x.symbols.length || x.path.localeCompare(y.path))
      .slice(0, FILES_PER_MODULE)
      .map((f) => ({ title: f.path.slice(key.length + 1), url: f.path, nodes: [] }));
    return { title: key.split('/').pop() || key, url: key, nodes: [...nested, ...files] };
  };
  const rootFiles = a.files
    .filter((f) => f.module === '')
    .slice(0, FILES_PER_MODULE)
    .map((f) => ({ title: f.path, url: f.path, nodes: [] }));
  return {
    title: repoName,
    url: '',
    nodes: [...a.modules.filter((m) => !m.parent).map((m) => node(m.key)), ...rootFiles],
  };
}
