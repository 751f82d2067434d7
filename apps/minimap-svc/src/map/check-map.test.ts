import type { MiniMapNode } from '@repowiki/contracts';
import { describe, expect, it } from 'vitest';
import { checkMap } from './check-map.js';
import { MAP_LIMITS } from './map-limits.js';

const files = ['README.md', 'src/a.ts', 'src/lib/b.ts'];
const leaf = (title: string, url: string): MiniMapNode => ({ title, url, nodes: [] });

describe('checkMap', () => {
  it('accepts a map whose links are files or directories of the repository', () => {
    const map = {
      title: 'r',
      url: '',
      nodes: [
        { title: 'Src', url: 'src/lib', nodes: [leaf('b', 'src/lib/b.ts')] },
        leaf('Readme', 'README.md'),
      ],
    };
    expect(checkMap(map, files)).toEqual({ valid: true, nodes: 4, depth: 3, problems: [] });
  });

  it('names each broken or foreign link with its place in the map', () => {
    const map = {
      title: 'r',
      url: '',
      nodes: [
        {
          title: 'Src',
          url: 'src',
          nodes: [
            leaf('gone', 'src/gone.ts'),
            leaf('abs', '/etc/passwd'),
            leaf('up', '../x'),
            leaf('web', 'https://x.y'),
          ],
        },
      ],
    };
    const result = checkMap(map, files);
    expect(result.valid).toBe(false);
    expect(result.problems).toEqual([
      'r › Src › gone: "src/gone.ts" is not a file or directory of the repository',
      'r › Src › abs: "/etc/passwd" is not a path inside the repository',
      'r › Src › up: "../x" is not a path inside the repository',
      'r › Src › web: "https://x.y" is not a path inside the repository',
    ]);
  });

  it('reports a wrong shape', () => {
    const result = checkMap({ title: '', url: '', nodes: [{ title: 'x' }] }, files);
    expect(result.valid).toBe(false);
    expect(result.problems[0]).toMatch(/^shape: /);
  });

  it('reports a map that is too deep or too big', () => {
    let deep = leaf('n', 'src');
    for (let i = 0; i < MAP_LIMITS.maxDepth; i++) deep = { title: 'n', url: 'src', nodes: [deep] };
    expect(checkMap(deep, files).problems).toEqual([
      `${MAP_LIMITS.maxDepth + 1} levels deep, more than ${MAP_LIMITS.maxDepth}`,
    ]);
    const big = {
      title: 'r',
      url: '',
      nodes: Array.from({ length: MAP_LIMITS.maxNodes }, () => leaf('a', 'src/a.ts')),
    };
    expect(checkMap(big, files).problems).toEqual([
      `${MAP_LIMITS.maxNodes + 1} nodes, more than ${MAP_LIMITS.maxNodes}`,
    ]);
  });

  it('accepts line ranges inside their file and web links of this repository only', () => {
    const prefix = 'https://github.com/o/r/blob/abc/';
    const lines = new Map([['src/a.ts', 10]]);
    const map = (...urls: string[]) => ({ title: 'r', url: '', nodes: urls.map((u) => leaf('x', u)) });
    expect(
      checkMap(map('src/a.ts#L2-L10', `${prefix}src/a.ts#L3`, 'src/a.ts#L4-5'), files, {
        webPrefixes: [prefix],
        lines,
      }).problems,
    ).toEqual([]);
    expect(
      checkMap(
        map(
          'src/a.ts#L9-L11',
          'src/a.ts#L0',
          'src/a.ts#L5-L4',
          'src#L1',
          'src/a.ts#top',
          'https://github.com/o/other/blob/abc/src/a.ts',
        ),
        files,
        { webPrefixes: [prefix], lines },
      ).problems,
    ).toEqual([
      'r › x: "src/a.ts#L9-L11" names lines 9–11, outside the file\'s 10',
      'r › x: "src/a.ts#L0" names lines 0–0, outside the file\'s 10',
      'r › x: "src/a.ts#L5-L4" names lines 5–4, outside the file\'s 10',
      'r › x: "src#L1" has lines but is a directory',
      'r › x: "src/a.ts#top" is not a path inside the repository',
      'r › x: "https://github.com/o/other/blob/abc/src/a.ts" is not a path inside the repository',
    ]);
  });

  it('checks only the shape of links when the file list is unknown', () => {
    expect(checkMap({ title: 'r', url: '', nodes: [leaf('x', 'anything.ts')] }, []).valid).toBe(true);
  });
});
