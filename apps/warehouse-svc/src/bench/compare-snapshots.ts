import { isDeepStrictEqual } from 'node:util';
import type { WikiPage, WikiSnapshot } from './wiki-snapshot.js';

export interface SnapshotDifference {
  readonly identical: boolean;
  /** What differs: page urls (with the field), `overview`, `mind map`; sorted. */
  readonly differences: readonly string[];
}

const FIELDS = ['name', 'parentUrl', 'order', 'content', 'sources'] as const satisfies (keyof WikiPage)[];

/**
 * Compares two runs' stored output byte for byte: the same page urls, and per page the same
 * title, parent, order, Markdown and sources; the same overview; the same mind map.
 */
export function compareSnapshots(a: WikiSnapshot, b: WikiSnapshot): SnapshotDifference {
  const differences: string[] = [];
  const pagesOf = (s: WikiSnapshot) => new Map(s.pages.map((p) => [p.url, p]));
  const [pa, pb] = [pagesOf(a), pagesOf(b)];
  for (const url of new Set([...pa.keys(), ...pb.keys()])) {
    const [x, y] = [pa.get(url), pb.get(url)];
    if (!x || !y) differences.push(`${url} (only in run ${x ? 1 : 2})`);
    else {
      const fields = FIELDS.filter((f) => !isDeepStrictEqual(x[f], y[f]));
      if (fields.length > 0) differences.push(`${url} (${fields.join(', ')})`);
    }
  }
  if (a.overview !== b.overview) differences.push('overview');
  if (JSON.stringify(a.minimap) !== JSON.stringify(b.minimap)) differences.push('mind map');
  differences.sort();
  return { identical: differences.length === 0, differences };
}
