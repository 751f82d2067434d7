import { type CodeOutline, type MiniMapNode, type OutlineModule, repositoryWeb } from '@repowiki/contracts';
import { describe, expect, it } from 'vitest';
import { buildMiniMap } from './build-minimap.js';
import { checkMap } from './check-map.js';
import { MAP_LIMITS } from './map-limits.js';
import { webPrefixes } from './map-url.js';
import { measureMap } from './measure-map.js';

const SHA = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const walk = (n: MiniMapNode): MiniMapNode[] => [n, ...n.nodes.flatMap(walk)];

const outline: CodeOutline = {
  commit: SHA,
  modules: [
    {
      key: 'src/acme',
      name: 'acme',
      kind: 'Python package',
      anchor: 'src/acme/__init__.py',
      symbols: [
        {
          name: 'Engine',
          kind: 'class',
          path: 'src/acme/core.py',
          line: 3,
          endLine: 20,
          members: [
            { name: 'run', kind: 'method', path: 'src/acme/core.py', line: 8, endLine: 12 },
            { name: 'size', kind: 'property', path: 'src/acme/core.py', line: 14, endLine: 14 },
          ],
        },
        { name: 'start', kind: 'function', path: 'src/acme/core.py', line: 22, endLine: 23, members: [] },
      ],
    },
    {
      key: '',
      name: 'example.test/flags',
      kind: 'Go package',
      anchor: 'doc.go',
      symbols: [{ name: 'Flag', kind: 'struct', path: 'flag.go', line: 4, endLine: 4, members: [] }],
    },
  ],
};

describe('buildMiniMap from a code outline', () => {
  it('draws repository → modules → key types and functions → key members, each linking its lines', () => {
    expect(buildMiniMap({ title: 'acme/tools', outline, files: [] })).toEqual({
      title: 'acme/tools',
      url: '',
      nodes: [
        {
          title: 'acme',
          url: 'src/acme',
          nodes: [
            {
              title: 'Engine',
              url: 'src/acme/core.py#L3-L20',
              nodes: [
                { title: 'run()', url: 'src/acme/core.py#L8-L12', nodes: [] },
                { title: 'size', url: 'src/acme/core.py#L14', nodes: [] },
              ],
            },
            { title: 'start()', url: 'src/acme/core.py#L22-L23', nodes: [] },
          ],
        },
        {
          title: 'example.test/flags',
          url: 'doc.go',
          nodes: [{ title: 'Flag', url: 'flag.go#L4', nodes: [] }],
        },
      ],
    });
  });

  it('links the web pages of a known host at the outline commit', () => {
    const web = repositoryWeb('https://github.com/acme/tools.git');
    const map = buildMiniMap({ title: 'acme/tools', outline, ...(web ? { web } : {}), files: [] });
    const urls = walk(map).map((n) => n.url);
    expect(urls).toContain(`https://github.com/acme/tools/tree/${SHA}/src/acme`);
    expect(urls).toContain(`https://github.com/acme/tools/blob/${SHA}/src/acme/core.py#L3-L20`);
    expect(urls).toContain(`https://github.com/acme/tools/blob/${SHA}/doc.go`);
    const files = ['src/acme/__init__.py', 'src/acme/core.py', 'doc.go', 'flag.go'];
    const lines = new Map([
      ['src/acme/core.py', 23],
      ['flag.go', 4],
    ]);
    expect(checkMap(map, files, { webPrefixes: webPrefixes(web, SHA), lines }).problems).toEqual([]);
    // Another commit's links are not this map's.
    expect(checkMap(map, files, { webPrefixes: webPrefixes(web, 'b'.repeat(40)), lines }).valid).toBe(false);
  });

  it('stays within the limits on a huge outline, drawing every module and the first symbols of each before later ones', () => {
    const modules: OutlineModule[] = Array.from({ length: 60 }, (_, m) => ({
      key: `pkg${m}`,
      name: `pkg${m}`,
      kind: 'Go package',
      anchor: `pkg${m}/a.go`,
      symbols: Array.from({ length: 30 }, (_, s) => ({
        name: `T${s}`,
        kind: 'struct',
        path: `pkg${m}/a.go`,
        line: s + 1,
        endLine: s + 1,
        members: Array.from({ length: 20 }, (_, k) => ({
          name: `M${k}`,
          kind: 'method',
          path: `pkg${m}/b.go`,
          line: k + 1,
          endLine: k + 1,
        })),
      })),
    }));
    const map = buildMiniMap({ title: 't', outline: { commit: SHA, modules }, files: [] });
    expect(measureMap(map)).toEqual({ nodes: MAP_LIMITS.maxNodes, depth: 4 });
    expect(map.nodes).toHaveLength(60);
    for (const m of map.nodes) {
      // 439 nodes below 60 modules: ranks 0–2 (T0–T2, each with its first members) for all.
      expect(m.nodes.slice(0, 3).map((t) => t.title)).toEqual(['T0', 'T1', 'T2']);
      expect(m.nodes.length).toBeLessThanOrEqual(MAP_LIMITS.symbolsPerModule);
      for (const t of m.nodes) expect(t.nodes.length).toBeLessThanOrEqual(MAP_LIMITS.membersPerSymbol);
    }
    expect(map.nodes[0]?.nodes[0]?.nodes.map((n) => n.title).slice(0, 3)).toEqual(['M0()', 'M1()', 'M2()']);
  });

  it('draws the file tree when there is no outline', () => {
    const map = buildMiniMap({ title: 'acme/tool', files: ['README.md', 'src/main.ts', 'src/lib/a b.ts'] });
    expect(map.nodes).toEqual([
      {
        title: 'src',
        url: 'src',
        nodes: [
          { title: 'lib', url: 'src/lib', nodes: [{ title: 'a b.ts', url: 'src/lib/a%20b.ts', nodes: [] }] },
          { title: 'main.ts', url: 'src/main.ts', nodes: [] },
        ],
      },
      { title: 'README.md', url: 'README.md', nodes: [] },
    ]);
    expect(checkMap(map, ['README.md', 'src/main.ts', 'src/lib/a b.ts']).problems).toEqual([]);
  });
});

describe('buildMiniMap on a hostile outline (issue 12, finding 4)', () => {
  const hostile = [
    'javascript:alert(1)/main.py',
    'data:text/html,x',
    'docs/evil\n# heading.py',
    'docs/bidi\u202eevil.py',
    '//evil.example/x.py',
    '/etc/passwd',
    'a\\b.py',
  ];
  // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters
  const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/;
  const symbol = (path: string, name = 'Evil\n<script>alert(1)</script>') => ({
    name,
    kind: 'class',
    path,
    line: 1,
    endLine: 2,
    members: [],
  });
  const evil: CodeOutline = {
    commit: SHA,
    modules: [
      ...hostile.map((key) => ({ key, name: 'x', kind: 'Folder', anchor: `${key}/a.py`, symbols: [] })),
      {
        key: 'src',
        name: 'Evil\u202e\n# name',
        kind: 'Folder',
        anchor: 'src/ok.py',
        symbols: [...hostile.map((p) => symbol(p)), symbol('src/ok.py')],
      },
    ],
  };

  it.each([
    ['a local repository', undefined],
    ['a GitHub repository', repositoryWeb('https://github.com/o/r')],
  ])('keeps only repository paths and one-line titles (%s)', (_, web) => {
    const map = buildMiniMap({ title: 'org/\nrepo', outline: evil, ...(web ? { web } : {}), files: [] });
    const nodes = walk(map);
    expect(nodes.map((n) => n.title)).toEqual(['org/ repo', 'Evil # name', 'Evil <script>alert(1)</script>']);
    for (const n of nodes) expect(CONTROL.test(n.title), n.title).toBe(false);
    const files = ['src/ok.py'];
    const check = checkMap(map, files, {
      webPrefixes: webPrefixes(web, SHA),
      lines: new Map([['src/ok.py', 2]]),
    });
    expect(check.problems).toEqual([]);
  });
});
