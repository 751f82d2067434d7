import { formatValidationError, type MiniMapNode, MiniMapNodeSchema } from '@repowiki/contracts';
import { MAP_LIMITS } from './map-limits.js';
import { parseMapUrl } from './map-url.js';
import { measureMap, walkMap } from './measure-map.js';

export interface MapCheck {
  valid: boolean;
  nodes: number;
  depth: number;
  problems: string[];
}

/** What links are checked against beyond the file list. */
export interface LinkContext {
  /** Web link prefixes of this repository at the map's commit (`map-url.ts` `webPrefixes`). */
  readonly webPrefixes?: readonly string[];
  /** Line counts of files (those the map links lines of): a range must lie inside the file. */
  readonly lines?: ReadonlyMap<string, number>;
}

/** Problems listed in full; the rest are summed up. @default 50 */
const MAX_PROBLEMS = 50;

/**
 * Checks a stored map: its shape, its size against MAP_LIMITS, and that every url is a
 * repository path (or a web link of this repository at its commit) naming one of `files` or
 * a directory of them, and that a line range lies inside its file (1 ≤ a ≤ b ≤ lines, when
 * the file's line count is known). `files` empty means the repository's file list is
 * unknown: links are then only checked for form.
 */
export function checkMap(value: unknown, files: readonly string[], links: LinkContext = {}): MapCheck {
  const parsed = MiniMapNodeSchema.safeParse(value);
  if (!parsed.success) {
    return { valid: false, nodes: 0, depth: 0, problems: [`shape: ${formatValidationError(parsed.error)}`] };
  }
  const map: MiniMapNode = parsed.data;
  const { nodes, depth } = measureMap(map);
  const problems: string[] = [];
  if (nodes > MAP_LIMITS.maxNodes) problems.push(`${nodes} nodes, more than ${MAP_LIMITS.maxNodes}`);
  if (depth > MAP_LIMITS.maxDepth) problems.push(`${depth} levels deep, more than ${MAP_LIMITS.maxDepth}`);
  const fileSet = new Set(files);
  const known = new Set(files);
  for (const file of files) {
    for (let i = file.indexOf('/'); i > 0; i = file.indexOf('/', i + 1)) known.add(file.slice(0, i));
  }
  for (const { node, trail } of walkMap(map)) {
    if (node.url === '') continue; // the repository root
    const where = `${trail.join(' › ')}: "${node.url}"`;
    const target = parseMapUrl(node.url, links.webPrefixes ?? []);
    if (!target || target.path === '') {
      problems.push(`${where} is not a path inside the repository`);
      continue;
    }
    if (known.size > 0 && !known.has(target.path)) {
      problems.push(`${where} is not a file or directory of the repository`);
      continue;
    }
    if (!target.lines) continue;
    const [from, to] = target.lines;
    const count = links.lines?.get(target.path);
    if (known.size > 0 && !fileSet.has(target.path)) problems.push(`${where} has lines but is a directory`);
    else if (from < 1 || to < from || (count !== undefined && to > count))
      problems.push(
        `${where} names lines ${from}–${to}, outside the file${count !== undefined ? `'s ${count}` : ''}`,
      );
  }
  const shown =
    problems.length > MAX_PROBLEMS
      ? [...problems.slice(0, MAX_PROBLEMS), `… and ${problems.length - MAX_PROBLEMS} more`]
      : problems;
  return { valid: problems.length === 0, nodes, depth, problems: shown };
}
