import type { ModuleInfo } from '../detect-modules.js';
import type { FileRole } from '../file-role.js';
import type { Manifest } from '../manifests.js';
import type { TsConfig } from './tsconfig.js';

/** A file whose imports are resolved: module code, or a test (whose imports count as "used by tests"). */
export interface ImportingFile {
  readonly path: string;
  readonly language?: string;
  readonly role: FileRole;
  /** Key of its module (source files only). */
  readonly module?: string;
  readonly imports: readonly string[];
}

/**
 * What one import specifier names: a module of the repository, a package from outside it
 * (by the name its ecosystem gives it: `requests`, `lodash`, `github.com/x/y`, `org.junit`),
 * or nothing known (an unresolvable or wrong import inside the repository): ignored.
 */
export type Resolution = { readonly module: string } | { readonly external: string } | undefined;

export type Resolve = (from: ImportingFile, spec: string) => Resolution;

export interface ResolveContext {
  /** Every analysed file by path (tests and infrastructure included: a path may name one). */
  readonly files: ReadonlyMap<string, ImportingFile>;
  /** Modules with code (no project containers), by key. */
  readonly modules: ReadonlyMap<string, ModuleInfo>;
  readonly manifests: readonly Manifest[];
  readonly tsconfigs: readonly TsConfig[];
}

export const dirOf = (path: string) => {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
};

export const joinPath = (dir: string, rel: string) => (dir === '' ? rel : rel === '' ? dir : `${dir}/${rel}`);

/** Appends `value` to the list under `key`. */
export function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Of several modules with one name (a Java package split over Maven modules, a C#
 * namespace over projects), the one nearest the importing file: the longest common folder
 * prefix; ties go to the first key in code-unit order, so the choice is the same every run.
 */
export function nearest(keys: readonly string[], fromPath: string): string | undefined {
  if (keys.length < 2) return keys[0];
  let best: string | undefined;
  let bestShared = -1;
  for (const key of keys) {
    const shared = sharedSegments(key, fromPath);
    if (shared > bestShared || (shared === bestShared && best !== undefined && key < best)) {
      best = key;
      bestShared = shared;
    }
  }
  return best;
}

function sharedSegments(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n]) n++;
  return a === '' ? 0 : n;
}

/**
 * The longest prefix of `dotted` (cut at `sep`) found in `names`, as the found value and
 * the number of segments it covers.
 */
export function longestPrefix<V>(dotted: string, sep: string, names: ReadonlyMap<string, V>): V | undefined {
  for (let end = dotted.length; end > 0; end = dotted.lastIndexOf(sep, end - 1)) {
    const hit = names.get(dotted.slice(0, end));
    if (hit !== undefined) return hit;
  }
  return undefined;
}

/**
 * All dotted prefixes of `names` (`a.b.c` → `a`, `a.b`, `a.b.c`): an import whose package
 * is one of them, or below one of `names`, points into the repository even when it names
 * nothing there (it is then ignored, never listed as an outside package).
 */
export function prefixSet(names: Iterable<string>, sep: string): Set<string> {
  const set = new Set<string>();
  for (const name of names)
    for (let i = name.indexOf(sep); ; i = name.indexOf(sep, i + sep.length)) {
      set.add(i < 0 ? name : name.slice(0, i));
      if (i < 0) break;
    }
  return set;
}

/** True when `name` is a prefix of a repository name (in `prefixes`) or extends one of `names`. */
export function isInternalName(
  name: string,
  sep: string,
  names: ReadonlyMap<string, unknown>,
  prefixes: ReadonlySet<string>,
): boolean {
  return prefixes.has(name) || longestPrefix(name, sep, names) !== undefined;
}
