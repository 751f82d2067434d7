import { posix } from 'node:path';
import type { AnalyzedFile, RepositoryAnalysis } from '../analysis/analyze-repository.js';
import { byCodeUnits } from '../analysis/detect-modules.js';
import type { SymbolInfo, SymbolKind } from '../analysis/symbol-types.js';
import { filesOf } from './module-files.js';

/** Files whose exports are a module's API (its entry point). */
const ENTRY_FILE = /^(index\.[cm]?[jt]sx?|__init__\.py|lib\.rs|mod\.rs|main\.rs)$/;
const RESOLVE_SUFFIXES = [
  '',
  '.ts',
  '.tsx',
  '.js',
  '.jsx',
  '.mjs',
  '.cjs',
  '/index.ts',
  '/index.tsx',
  '/index.js',
];

/** Types first, then functions, type aliases, values. */
const KIND_RANK = new Map<SymbolKind, number>(
  Object.entries({
    class: 0,
    interface: 0,
    struct: 0,
    trait: 0,
    enum: 0,
    record: 0,
    annotation: 0,
    function: 1,
    type: 2,
    delegate: 2,
    macro: 2,
    constant: 3,
    variable: 3,
    module: 3,
  }) as [SymbolKind, number][],
);

export interface Ranked {
  readonly file: AnalyzedFile;
  readonly symbol: SymbolInfo;
  /** Exposed by the module's entry point (index, `__init__.py`, `lib.rs`). */
  readonly entry: boolean;
  /** Other files that mention its name. */
  readonly refs: number;
}

const entryCache = new WeakMap<RepositoryAnalysis, Map<string, ReadonlySet<string>>>();
const pathCache = new WeakMap<RepositoryAnalysis, ReadonlyMap<string, AnalyzedFile>>();

/** The names a module's entry files expose: their export lists, and what `export *` pulls in. */
export function entryNames(a: RepositoryAnalysis, moduleKey: string): ReadonlySet<string> {
  let perModule = entryCache.get(a);
  if (!perModule) {
    perModule = new Map();
    entryCache.set(a, perModule);
  }
  const cached = perModule.get(moduleKey);
  if (cached) return cached;
  const names = new Set<string>();
  let byPath = pathCache.get(a);
  if (!byPath) {
    byPath = new Map(a.files.map((f) => [f.path, f]));
    pathCache.set(a, byPath);
  }
  for (const f of filesOf(a, moduleKey)) {
    if (!ENTRY_FILE.test(posix.basename(f.path))) continue;
    for (const n of f.exportNames ?? []) names.add(n);
    for (const spec of f.reexports ?? []) {
      if (!spec.startsWith('.')) continue;
      const base = posix.normalize(posix.join(posix.dirname(f.path), spec)).replace(/\.[cm]?js$/, '');
      const target = RESOLVE_SUFFIXES.map((s) => byPath.get(base + s)).find((t) => t !== undefined);
      for (const s of target?.symbols ?? []) if (s.exported && s.owner === undefined) names.add(s.name);
    }
  }
  perModule.set(moduleKey, names);
  return names;
}

/**
 * Order of importance: exposed by the module's entry point first, then mentioned by more
 * other files, then types before functions before values; path and line break ties.
 */
export function compareRanked(x: Ranked, y: Ranked): number {
  return (
    Number(y.entry) - Number(x.entry) ||
    y.refs - x.refs ||
    (KIND_RANK.get(x.symbol.kind) ?? 4) - (KIND_RANK.get(y.symbol.kind) ?? 4) ||
    byCodeUnits(x.file.path, y.file.path) ||
    x.symbol.line - y.symbol.line
  );
}

/** The public top-level symbols of `files` (of module `moduleKey`), most important first. */
export function rankSymbols(
  a: RepositoryAnalysis,
  moduleKey: string,
  files: readonly AnalyzedFile[],
): Ranked[] {
  const entry = entryNames(a, moduleKey);
  const ranked: Ranked[] = [];
  for (const file of files)
    for (const symbol of file.symbols)
      if (symbol.exported && symbol.owner === undefined)
        ranked.push({
          file,
          symbol,
          entry: entry.has(symbol.name),
          refs: Math.max(0, (a.mentions.get(symbol.name) ?? 0) - 1),
        });
  return ranked.sort(compareRanked);
}
