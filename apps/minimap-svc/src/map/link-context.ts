import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type MiniMapNode, repositoryWeb } from '@repowiki/contracts';
import type { LinkContext } from './check-map.js';
import { parseMapUrl, webPrefixes } from './map-url.js';
import { walkMap } from './measure-map.js';

/** Lines of a text as an editor numbers them (a final newline does not open a line). */
export function lineCount(text: string): number {
  if (text === '') return 0;
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return text.endsWith('\n') ? n - 1 : n;
}

/**
 * What a stored map's links are checked against: the web prefixes of the warehouse at
 * `commit`, and the line counts of the files the map links lines of, read from the clone
 * (only files `cloneFiles` lists: regular files found without following a symlink).
 */
export async function linkContext(
  map: unknown,
  w: { address: string; type: string; gitPath: string | null },
  commit: string | undefined,
  cloneFiles: readonly string[],
): Promise<LinkContext> {
  const web = w.type === 'git' ? repositoryWeb(w.address) : undefined;
  const prefixes = webPrefixes(web, commit);
  const lines = new Map<string, number>();
  const listed = new Set(cloneFiles);
  if (!w.gitPath || listed.size === 0 || !map || typeof map !== 'object')
    return { webPrefixes: prefixes, lines };
  for (const { node } of walkMap(map as MiniMapNode)) {
    const target = typeof node.url === 'string' ? parseMapUrl(node.url, prefixes) : undefined;
    if (!target?.lines || lines.has(target.path) || !listed.has(target.path)) continue;
    lines.set(target.path, lineCount(await readFile(join(w.gitPath, target.path), 'utf8').catch(() => '')));
  }
  return { webPrefixes: prefixes, lines };
}
