import { byCodeUnits, type ModuleInfo } from './detect-modules.js';
import {
  addTo,
  dirOf,
  type ImportingFile,
  nearest,
  type Resolution,
  type ResolveContext,
} from './imports/resolve-context.js';
import { jsResolver } from './imports/resolve-js.js';
import { csharpResolver, goResolver, jvmResolver } from './imports/resolve-named.js';
import { pythonResolver } from './imports/resolve-python.js';
import { rustResolver } from './imports/resolve-rust.js';
import type { TsConfig } from './imports/tsconfig.js';
import type { Manifest } from './manifests.js';
import { JVM_LANGUAGES } from './module-layout.js';

export interface ImportEdge {
  readonly from: string;
  readonly to: string;
  /** Import specifiers behind the edge. */
  readonly count: number;
  /** Files that hold those imports (page sources of the architecture page). */
  readonly files: string[];
}

/** Test files that import a module (or, in Go and Java, sit in its package): "used by tests". */
export interface TestUse {
  readonly module: string;
  readonly files: string[];
}

/** Packages from outside the repository a module imports, by their ecosystem's name. */
export interface ExternalUse {
  readonly module: string;
  readonly packages: string[];
}

export interface ImportGraph {
  /** Module → module, sorted by from, then to; never a module to itself. */
  readonly edges: ImportEdge[];
  /** Sorted by module; tests are never an edge between modules. */
  readonly tests: TestUse[];
  /** Sorted by module. */
  readonly external: ExternalUse[];
}

type ResolveAll = (from: ImportingFile, spec: string) => readonly Resolution[];

/** Java/Kotlin test sources: the package folder below `src/test/<language>/`. */
const JVM_TEST_DIR = /(?:^|\/)src\/test\/(?:java|kotlin|scala|groovy)\/(.+)$/;

/**
 * The module-level import graph, from what each language actually imports (the resolvers
 * in `imports/`): edges between modules, the test files using each module, and the outside
 * packages each module imports. Wrong and unresolvable imports are ignored. Every map is
 * built once, so the cost is linear in the files and their imports.
 */
export function buildImportGraph(
  files: readonly ImportingFile[],
  modules: readonly ModuleInfo[],
  manifests: readonly Manifest[],
  tsconfigs: readonly TsConfig[],
): ImportGraph {
  const code = new Map(modules.filter((m) => m.kind !== 'project').map((m) => [m.key, m]));
  const ctx: ResolveContext = {
    files: new Map(files.map((f) => [f.path, f])),
    modules: code,
    manifests,
    tsconfigs,
  };
  const resolverFor = languageResolvers(ctx);
  const edges = new Map<string, { count: number; files: Set<string> }>();
  const tests = new Map<string, Set<string>>();
  const external = new Map<string, Set<string>>();
  const useInTest = (module: string, file: string) => {
    const set = tests.get(module) ?? new Set<string>();
    set.add(file);
    tests.set(module, set);
  };
  const javaPackages = new Map<string, string[]>();
  for (const m of code.values()) if (m.kind === 'java-package' && m.name) addTo(javaPackages, m.name, m.key);

  for (const file of files) {
    const isTest = file.role === 'test';
    if (!isTest && file.module === undefined) continue;
    if (isTest) for (const module of samePackage(file, code, javaPackages)) useInTest(module, file.path);
    const resolve = file.language ? resolverFor(file.language) : undefined;
    if (!resolve) continue;
    for (const spec of file.imports) {
      for (const r of resolve(file, spec)) {
        if (r === undefined) continue;
        if ('external' in r) {
          if (isTest || file.module === undefined) continue;
          const set = external.get(file.module) ?? new Set<string>();
          set.add(r.external);
          external.set(file.module, set);
        } else if (isTest) useInTest(r.module, file.path);
        else if (file.module !== undefined && r.module !== file.module) {
          const id = `${file.module}\0${r.module}`;
          const e = edges.get(id) ?? { count: 0, files: new Set<string>() };
          e.count++;
          e.files.add(file.path);
          edges.set(id, e);
        }
      }
    }
  }
  const sorted = (set: ReadonlySet<string>) => [...set].sort(byCodeUnits);
  return {
    edges: [...edges]
      .map(([id, e]) => {
        const [from = '', to = ''] = id.split('\0');
        return { from, to, count: e.count, files: sorted(e.files) };
      })
      .sort((a, b) => byCodeUnits(a.from, b.from) || byCodeUnits(a.to, b.to)),
    tests: [...tests]
      .map(([module, set]) => ({ module, files: sorted(set) }))
      .sort((a, b) => byCodeUnits(a.module, b.module)),
    external: [...external]
      .map(([module, set]) => ({ module, packages: sorted(set) }))
      .sort((a, b) => byCodeUnits(a.module, b.module)),
  };
}

/** One resolver per language family, built on first use. */
function languageResolvers(ctx: ResolveContext): (language: string) => ResolveAll | undefined {
  const built = new Map<string, ResolveAll>();
  const single =
    (make: (c: ResolveContext) => (f: ImportingFile, s: string) => Resolution): (() => ResolveAll) =>
    () => {
      const r = make(ctx);
      return (f, s) => [r(f, s)];
    };
  const families: Record<string, () => ResolveAll> = {
    Python: single(pythonResolver),
    Go: single(goResolver),
    Java: single(jvmResolver),
    'C#': single(csharpResolver),
    Rust: () => rustResolver(ctx),
    JavaScript: single(jsResolver),
  };
  const familyOf = (language: string) =>
    language === 'TypeScript' || language === 'TSX'
      ? 'JavaScript'
      : JVM_LANGUAGES.has(language)
        ? 'Java'
        : language;
  return (language) => {
    const family = familyOf(language);
    const make = families[family];
    if (!make) return undefined;
    let r = built.get(family);
    if (!r) {
      r = make();
      built.set(family, r);
    }
    return r;
  };
}

/**
 * Modules a test file belongs to without importing them: a Go `_test.go` file is in its
 * folder's package; a Java test in `src/test/java/a/b/` is in package `a.b`.
 */
function samePackage(
  file: ImportingFile,
  code: ReadonlyMap<string, ModuleInfo>,
  javaPackages: ReadonlyMap<string, string[]>,
): string[] {
  const dir = dirOf(file.path);
  if (file.language === 'Go') return code.get(dir)?.kind === 'go-package' ? [dir] : [];
  if (file.language && JVM_LANGUAGES.has(file.language)) {
    const pkg = JVM_TEST_DIR.exec(dir)?.[1]?.replace(/\//g, '.');
    const keys = pkg === undefined ? undefined : javaPackages.get(pkg);
    const key = keys ? nearest(keys, file.path) : undefined;
    return key === undefined ? [] : [key];
  }
  return [];
}
