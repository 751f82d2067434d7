import type { RepositoryAnalysis } from '../analysis/analyze-repository.js';

export interface ModuleImports {
  /** Modules it imports, in key order. */
  readonly uses: readonly string[];
  /** Modules importing it, in key order. */
  readonly usedBy: readonly string[];
  /** Files of the modules importing it (what "used by" is computed from). */
  readonly importers: readonly string[];
  /** Test files using it. */
  readonly tests: readonly string[];
  /** Outside packages it imports. */
  readonly outside: readonly string[];
}

const NONE: ModuleImports = { uses: [], usedBy: [], importers: [], tests: [], outside: [] };
const cache = new WeakMap<RepositoryAnalysis, ReadonlyMap<string, ModuleImports>>();

/**
 * The resolved import graph per module (the same graph the Architecture page draws),
 * computed once per analysis so each page reads its module's share in constant time.
 */
export function importsOf(a: RepositoryAnalysis, key: string): ModuleImports {
  let index = cache.get(a);
  if (!index) {
    const map = new Map<
      string,
      { uses: string[]; usedBy: string[]; importers: string[]; tests: string[]; outside: string[] }
    >();
    const at = (k: string) => {
      let entry = map.get(k);
      if (!entry) {
        entry = { uses: [], usedBy: [], importers: [], tests: [], outside: [] };
        map.set(k, entry);
      }
      return entry;
    };
    // Edges are sorted by from, then to: both lists come out in key order.
    for (const e of a.importGraph) {
      at(e.from).uses.push(e.to);
      at(e.to).usedBy.push(e.from);
      at(e.to).importers.push(...e.files);
    }
    for (const t of a.testImports) at(t.module).tests.push(...t.files);
    for (const x of a.externalImports) at(x.module).outside.push(...x.packages);
    for (const entry of map.values()) {
      entry.usedBy.sort();
      entry.importers = [...new Set(entry.importers)].sort();
    }
    index = map;
    cache.set(a, index);
  }
  return index.get(key) ?? NONE;
}
