import { describe, expect, it } from 'vitest';
import type { AnalyzedFile, RepositoryAnalysis } from '../analysis/analyze-repository.js';
import type { ModuleInfo } from '../analysis/detect-modules.js';
import type { SymbolInfo } from '../analysis/symbol-types.js';
import { codeOutline, MAX_OUTLINE_ENTRIES } from './code-outline.js';

const sym = (
  name: string,
  kind: SymbolInfo['kind'],
  line: number,
  extra: Partial<SymbolInfo> = {},
): SymbolInfo => ({
  name,
  kind,
  line,
  endLine: line + 1,
  exported: true,
  ...extra,
});
const file = (path: string, module: string, symbols: SymbolInfo[]): AnalyzedFile => ({
  path,
  size: 1,
  language: 'Java',
  role: 'source',
  module,
  symbols,
  imports: [],
});
const analysis = (
  modules: ModuleInfo[],
  files: AnalyzedFile[],
  mentions: [string, number][] = [],
): RepositoryAnalysis => ({
  files,
  skipped: [],
  notes: [],
  languages: [],
  manifests: [],
  modules,
  importGraph: [],
  testImports: [],
  externalImports: [],
  entryPoints: [],
  mentions: new Map(mentions),
});
const javaPackage = (key: string): ModuleInfo => ({
  key,
  name: key.replaceAll('/', '.'),
  kind: 'java-package',
  language: 'Java',
});

describe('codeOutline', () => {
  it('lists types before functions, public members once per name (most mentioned first), no constructors or private ones', () => {
    const a = analysis(
      [javaPackage('acme')],
      [
        file('acme/Box.java', 'acme', [
          sym('helper', 'function', 1),
          sym('Box', 'class', 3, { endLine: 20 }),
          sym('Box', 'constructor', 4, { owner: 'Box' }),
          sym('put', 'method', 6, { owner: 'Box' }),
          sym('put', 'method', 9, { owner: 'Box' }),
          sym('get', 'method', 12, { owner: 'Box' }),
          sym('hidden', 'method', 15, { owner: 'Box', exported: false }),
        ]),
      ],
      [
        ['get', 5],
        ['put', 2],
      ],
    );
    expect(codeOutline(a, 'c0ffee', 'repo')).toEqual({
      commit: 'c0ffee',
      modules: [
        {
          key: 'acme',
          name: 'acme',
          kind: 'Java package',
          anchor: 'acme/Box.java',
          symbols: [
            {
              name: 'Box',
              kind: 'class',
              path: 'acme/Box.java',
              line: 3,
              endLine: 20,
              members: [
                { name: 'get', kind: 'method', path: 'acme/Box.java', line: 12, endLine: 13 },
                { name: 'put', kind: 'method', path: 'acme/Box.java', line: 6, endLine: 7 },
              ],
            },
            { name: 'helper', kind: 'function', path: 'acme/Box.java', line: 1, endLine: 2, members: [] },
          ],
        },
      ],
    });
  });

  it(`keeps at most ${MAX_OUTLINE_ENTRIES} symbols and members, the first symbols of every module first`, () => {
    const modules = Array.from({ length: 300 }, (_, m) => javaPackage(`p${String(m).padStart(3, '0')}`));
    const files = modules.map((m) =>
      file(
        `${m.key}/A.java`,
        m.key,
        Array.from({ length: 12 }, (_, s) => [
          sym(`T${s}`, 'class', s * 100 + 1, { endLine: s * 100 + 99 }),
          ...Array.from({ length: 8 }, (_, k) => sym(`m${k}`, 'method', s * 100 + 2 + k, { owner: `T${s}` })),
        ]).flat(),
      ),
    );
    const outline = codeOutline(analysis(modules, files), 'c', 'r');
    expect(outline.modules).toHaveLength(300);
    const entries = outline.modules.reduce(
      (n, m) => n + m.symbols.reduce((k, s) => k + 1 + s.members.length, 0),
      0,
    );
    expect(entries).toBe(MAX_OUTLINE_ENTRIES);
    for (const m of outline.modules) expect(m.symbols.slice(0, 2).map((s) => s.name)).toEqual(['T0', 'T1']);
  });
});
