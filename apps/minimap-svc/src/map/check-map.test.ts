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

  it('checks only the shape of links when the file list is unknown', () => {
    expect(checkMap({ title: 'r', url: '', nodes: [leaf('x', 'anything.ts')] }, []).valid).toBe(true);
  });
});
