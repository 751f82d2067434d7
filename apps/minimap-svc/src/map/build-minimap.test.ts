import type { MiniMapNode } from '@repowiki/contracts';
import { describe, expect, it } from 'vitest';
import { buildMiniMap, type CatalogEntry, commonPath } from './build-minimap.js';
import { checkMap } from './check-map.js';
import { MAP_LIMITS } from './map-limits.js';
import { measureMap } from './measure-map.js';

const page = (
  id: string,
  parentId: string | null,
  name: string,
  order: number,
  sources: string[] = [],
): CatalogEntry => ({
  id,
  parentId,
  name,
  order,
  sources,
});

describe('buildMiniMap', () => {
  it('follows the wiki catalog, ordered, with each page pointing at the code it documents', () => {
    const map = buildMiniMap({
      title: 'acme/wiki',
      files: [],
      catalog: [
        page('b', null, 'Runtime', 2),
        page('a', null, 'Overview', 1, ['README.md']),
        page('b1', 'b', 'Worker', 1, ['src/runtime/worker.ts', 'src/runtime/pool.ts']),
        page('b2', 'b', 'Client', 2, ['src/runtime/client/index.ts']),
      ],
    });
    expect(map).toEqual({
      title: 'acme/wiki',
      url: '',
      nodes: [
        { title: 'Overview', url: 'README.md', nodes: [{ title: 'README.md', url: 'README.md', nodes: [] }] },
        {
          title: 'Runtime',
          url: 'src/runtime',
          nodes: [
            {
              title: 'Worker',
              url: 'src/runtime',
              nodes: [
                { title: 'pool.ts', url: 'src/runtime/pool.ts', nodes: [] },
                { title: 'worker.ts', url: 'src/runtime/worker.ts', nodes: [] },
              ],
            },
            {
              title: 'Client',
              url: 'src/runtime/client/index.ts',
              nodes: [{ title: 'index.ts', url: 'src/runtime/client/index.ts', nodes: [] }],
            },
          ],
        },
      ],
    });
  });

  it('draws the file tree when there is no catalog', () => {
    const map = buildMiniMap({
      title: 'acme/tool',
      catalog: [],
      files: ['README.md', 'src/main.ts', 'src/lib/a.ts'],
    });
    expect(map.nodes).toEqual([
      {
        title: 'src',
        url: 'src',
        nodes: [
          { title: 'lib', url: 'src/lib', nodes: [{ title: 'a.ts', url: 'src/lib/a.ts', nodes: [] }] },
          { title: 'main.ts', url: 'src/main.ts', nodes: [] },
        ],
      },
      { title: 'README.md', url: 'README.md', nodes: [] },
    ]);
  });

  it('stays within the node and depth limits on huge or deep input', () => {
    const files = Array.from({ length: 5_000 }, (_, i) => `d${i % 50}/e${i % 7}/f${i}.ts`);
    expect(measureMap(buildMiniMap({ title: 't', catalog: [], files })).nodes).toBeLessThanOrEqual(
      MAP_LIMITS.maxNodes,
    );

    const chain = Array.from({ length: 12 }, (_, i) =>
      page(`p${i}`, i === 0 ? null : `p${i - 1}`, `L${i}`, 0, [`x${i}.ts`]),
    );
    const wide = Array.from({ length: 900 }, (_, i) => page(`w${i}`, null, `W${i}`, i + 1));
    const m = measureMap(buildMiniMap({ title: 't', catalog: [...chain, ...wide], files: [] }));
    expect(m.depth).toBe(MAP_LIMITS.maxDepth);
    expect(m.nodes).toBe(MAP_LIMITS.maxNodes);
  });

  it('survives a catalog cycle and orphaned pages', () => {
    const map = buildMiniMap({
      title: 't',
      files: [],
      catalog: [page('a', 'b', 'A', 0), page('b', 'a', 'B', 0), page('c', 'gone', 'C', 0)],
    });
    // The cycle has no root, so it is unreachable; the orphan hangs from the root.
    expect(map.nodes.map((n) => n.title)).toEqual(['C']);
  });
});

describe('buildMiniMap on a hostile repository (issue 12, finding 4)', () => {
  const hostile = [
    'javascript:alert(1)/main.py',
    'JavaScript:x',
    'data:text/html,x',
    'docs/evil\n# heading.md',
    'docs/bidi\u202eevil.md',
    '//evil.example/x',
    '/etc/passwd',
    'a\\b.md',
  ];
  const walk = (n: MiniMapNode): MiniMapNode[] => [n, ...n.nodes.flatMap(walk)];
  // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters
  const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/;

  it.each([
    ['catalog', [page('a', null, 'Evil\n<script>alert(1)</script>', 0, [...hostile, 'src/ok.ts'])]],
    ['file tree', []],
  ])('keeps only repository paths as urls and one-line titles (%s)', (_, catalog) => {
    const map = buildMiniMap({ title: 'org/\nrepo', catalog, files: [...hostile, 'src/ok.ts'] });
    const nodes = walk(map);
    for (const n of nodes) {
      expect(n.url, n.url).not.toMatch(/^[a-z][a-z0-9+.-]*:|^\/|\\/i);
      expect(CONTROL.test(n.url) || CONTROL.test(n.title), n.title).toBe(false);
    }
    expect(nodes.map((n) => n.url)).toContain('src/ok.ts');
    expect(checkMap(map, ['src/ok.ts']).problems).toEqual([]);
    expect(map.title).toBe('org/ repo');
  });
});

describe('commonPath', () => {
  it.each([
    [[], ''],
    [['a/b.ts'], 'a/b.ts'],
    [['src/a/x.ts', 'src/a/y.ts'], 'src/a'],
    [['src/a/x.ts', 'src/b/y.ts'], 'src'],
    [['src/x.ts', 'lib/y.ts'], ''],
    [['src/a.ts', 'src/a.ts/b.ts'], 'src'],
  ])('%j → %s', (paths, common) => expect(commonPath(paths)).toBe(common));
});
