import { describe, expect, it } from 'vitest';
import type { RepositoryAnalysis } from '../analysis/analyze-repository.js';
import type { ModuleInfo } from '../analysis/detect-modules.js';
import type { EntryPoint } from '../analysis/entry-points.js';
import type { ImportEdge } from '../analysis/import-graph.js';
import { parseMermaid } from '../testing/mermaid-check.js';
import { dependencyDiagrams, MAX_DIAGRAM_NODES } from './dependency-diagrams.js';
import { entryFlow, FLOW_DEPTH, MAX_FLOW_ENTRIES } from './entry-flow.js';

function analysis(
  modules: ModuleInfo[],
  edges: [string, string][],
  entryPoints: EntryPoint[] = [],
): RepositoryAnalysis {
  return {
    files: [],
    skipped: [],
    notes: [],
    languages: [],
    manifests: [],
    modules,
    importGraph: edges.map(([from, to]): ImportEdge => ({ from, to, count: 1, files: [`${from}/x.java`] })),
    testImports: [],
    externalImports: [],
    entryPoints,
    mentions: new Map(),
  };
}
const pkg = (key: string, parent?: string): ModuleInfo => ({
  key,
  name: key.replace(/\//g, '.'),
  kind: 'java-package',
  ...(parent !== undefined ? { parent } : {}),
});
const project = (key: string): ModuleInfo => ({ key, name: `${key}-project`, kind: 'project' });
const title = (key: string) => key.replace(/\//g, '.');

/** The Mermaid blocks of some Markdown lines. */
const blocks = (lines: string[]) =>
  [...lines.join('\n').matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');

describe('dependency diagrams', () => {
  it('up to the node limit: one diagram, modules boxed by project', async () => {
    const a = analysis(
      [project('core'), pkg('core/a', 'core'), pkg('core/b', 'core'), pkg('extras/c')],
      [
        ['core/a', 'core/b'],
        ['extras/c', 'core/a'],
      ],
    );
    const md = dependencyDiagrams(a, title);
    const [only, ...rest] = blocks(md);
    expect(rest).toEqual([]);
    expect(only).toContain('subgraph g0 ["core"]');
    expect(await parseMermaid(only ?? '')).toEqual({
      type: 'flowchart-v2',
      nodes: ['m0', 'm1', 'm2'],
      edges: 2,
    });
  });

  it('many modules in several projects: a diagram of the projects, then one per project', async () => {
    const modules: ModuleInfo[] = [];
    const edges: [string, string][] = [];
    for (const p of ['p1', 'p2', 'p3']) {
      modules.push(project(p));
      for (let i = 0; i < 15; i++) {
        modules.push(pkg(`${p}/m${i}`, p));
        if (i > 0) edges.push([`${p}/m${i}`, `${p}/m0`]);
      }
    }
    edges.push(['p2/m1', 'p1/m0'], ['p3/m1', 'p1/m3'], ['p3/m2', 'p2/m0']);
    const md = dependencyDiagrams(analysis(modules, edges), (k) =>
      k.startsWith('p') && !k.includes('/') ? `${k}-project` : title(k),
    );
    const text = md.join('\n');
    expect(text).toContain('45 modules import each other across 3 projects');
    expect(md).toEqual(
      expect.arrayContaining(['### Projects', '### p1-project', '### p2-project', '### p3-project']),
    );
    const parsed = await Promise.all(blocks(md).map((b) => parseMermaid(b)));
    // Projects: p2 → p1, p3 → p1, p3 → p2 (three imports collapsed into arrows).
    expect(parsed.map((p) => [p.nodes.length, p.edges])).toEqual([
      [3, 3],
      [15, 14],
      [15, 14],
      [15, 14],
    ]);
  });

  it('too many modules in one project: those with the most imports, and says what is left out', async () => {
    const modules = [
      pkg('hub'),
      ...Array.from({ length: 40 }, (_, i) => pkg(`leaf${String(i).padStart(2, '0')}`)),
    ];
    const edges: [string, string][] = modules.slice(1).map((m) => [m.key, 'hub']);
    // leaf00–leaf09 import each other too: more imports, so they are drawn first.
    for (let i = 0; i < 9; i++) edges.push([`leaf0${i}`, `leaf0${i + 1}`]);
    const md = dependencyDiagrams(analysis(modules, edges), title);
    expect(md[0]).toBe(
      `The ${MAX_DIAGRAM_NODES} modules with the most imports are drawn; 11 other modules and 11 imports between them and the rest are in the table below.`,
    );
    const [block] = blocks(md);
    const parsed = await parseMermaid(block ?? '');
    expect(parsed.nodes.length).toBe(MAX_DIAGRAM_NODES);
    expect(block).toContain('"hub"');
    expect(block).toContain('"leaf05"');
  });
});

describe('entry-point flow', () => {
  it(`follows imports ${FLOW_DEPTH} steps from each entry point and draws the first ${MAX_FLOW_ENTRIES}`, async () => {
    const chain = ['a', 'b', 'c', 'd', 'e'].map((k) => pkg(k));
    const entries: EntryPoint[] = Array.from({ length: 10 }, (_, i) => ({
      label: `command c${i}`,
      module: 'a',
      file: `a/C${i}.java`,
    }));
    const a = analysis(
      chain,
      [
        ['a', 'b'],
        ['b', 'c'],
        ['c', 'd'],
        ['d', 'e'],
      ],
      entries,
    );
    const md = entryFlow(a, title);
    expect(md[0]).toBe(
      `From each entry point, the modules it imports, ${FLOW_DEPTH} steps deep; the first ${MAX_FLOW_ENTRIES} of 10 entry points are drawn.`,
    );
    const [block] = blocks(md);
    const parsed = await parseMermaid(block ?? '');
    // 8 entries, then a → b → c → d (3 steps); e is 4 steps away.
    expect(parsed.nodes).toEqual([...entries.slice(0, 8).map((_, i) => `e${i}`), 'm0', 'm1', 'm2', 'm3']);
    expect(parsed.edges).toBe(8 + 3);
  });

  it('writes nothing without entry points', () => {
    expect(entryFlow(analysis([pkg('a')], []), title)).toEqual([]);
  });
});
