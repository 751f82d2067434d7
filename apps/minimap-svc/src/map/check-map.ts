import { formatValidationError, type MiniMapNode, MiniMapNodeSchema } from '@repowiki/contracts';
import { MAP_LIMITS } from './map-limits.js';
import { measureMap, walkMap } from './measure-map.js';

export interface MapCheck {
  valid: boolean;
  nodes: number;
  depth: number;
  problems: string[];
}

/** Problems listed in full; the rest are summed up. @default 50 */
const MAX_PROBLEMS = 50;

/**
 * Checks a stored map: its shape, its size against MAP_LIMITS, and that every url is a
 * repository path naming one of `files` or a directory of them. `files` empty means the
 * repository's file list is unknown: links are then only checked for shape.
 */
export function checkMap(value: unknown, files: readonly string[]): MapCheck {
  const parsed = MiniMapNodeSchema.safeParse(value);
  if (!parsed.success) {
    return { valid: false, nodes: 0, depth: 0, problems: [`shape: ${formatValidationError(parsed.error)}`] };
  }
  const map: MiniMapNode = parsed.data;
  const { nodes, depth } = measureMap(map);
  const problems: string[] = [];
  if (nodes > MAP_LIMITS.maxNodes) problems.push(`${nodes} nodes, more than ${MAP_LIMITS.maxNodes}`);
  if (depth > MAP_LIMITS.maxDepth) problems.push(`${depth} levels deep, more than ${MAP_LIMITS.maxDepth}`);

  const known = new Set(files);
  for (const file of files) {
    for (let i = file.indexOf('/'); i > 0; i = file.indexOf('/', i + 1)) known.add(file.slice(0, i));
  }
  for (const { node, trail } of walkMap(map)) {
    if (node.url === '') continue; // the repository root
    const where = trail.join(' › ');
    if (
      node.url.startsWith('/') ||
      /^[a-z][a-z0-9+.-]*:/i.test(node.url) ||
      node.url.split('/').includes('..')
    ) {
      problems.push(`${where}: "${node.url}" is not a path inside the repository`);
    } else if (known.size > 0 && !known.has(node.url.replace(/\/+$/, ''))) {
      problems.push(`${where}: "${node.url}" is not a file or directory of the repository`);
    }
  }
  const shown =
    problems.length > MAX_PROBLEMS
      ? [...problems.slice(0, MAX_PROBLEMS), `… and ${problems.length - MAX_PROBLEMS} more`]
      : problems;
  return { valid: problems.length === 0, nodes, depth, problems: shown };
}
