import type { SourceTree } from './source-tree.js';

export type PackageLanguage = 'python' | 'go' | 'java' | 'typescript' | 'rust';

/**
 * A package as its language defines it, found from the source tree alone (never from what the
 * pipeline stored), so the benchmark can ask whether the wiki gave it a page.
 */
export interface SourcePackage {
  readonly language: PackageLanguage;
  /** Repository-relative directory; `''` is the repository root. */
  readonly dir: string;
  /** How code refers to it: `click`, `com.google.gson.stream`, Go's package clause, npm or crate name. */
  readonly name: string;
  /** Names a page about it may carry (name, last folder, manifest or module names). */
  readonly aliases: readonly string[];
  /** Its own source files (not those of packages below it), tests left out. Never empty. */
  readonly files: readonly string[];
}

/**
 * Folders whose code is not a library package: dependencies, build output, tests, examples,
 * benchmarks, documentation and scripts; hidden folders too.
 */
const NOT_PACKAGE_DIRS = new Set([
  'node_modules',
  'vendor',
  'third_party',
  'dist',
  'build',
  'out',
  'target',
  'coverage',
  'test',
  'tests',
  '__tests__',
  'testdata',
  'fixtures',
  '__fixtures__',
  'e2e',
  'example',
  'examples',
  'bench',
  'benches',
  'benchmarks',
  'doc',
  'docs',
  'scripts',
]);

const dirOf = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');
const baseOf = (path: string) => path.slice(path.lastIndexOf('/') + 1);
const lastSegment = (dir: string) => dir.slice(dir.lastIndexOf('/') + 1);
const join = (dir: string, name: string) => (dir && name ? `${dir}/${name}` : dir || name);

/** True when no folder of `path` rules it out (`go`: also `_x` folders, which the go tool skips). */
function inPackageArea(path: string, language: PackageLanguage): boolean {
  const segments = path.split('/').slice(0, -1);
  return segments.every(
    (s) => !NOT_PACKAGE_DIRS.has(s) && !s.startsWith('.') && !(language === 'go' && s.startsWith('_')),
  );
}

const PY_TEST = /^(test_.*|.*_test|conftest)\.py$/;
const GO_FILE = /\.go$/;
const GO_TEST = /_test\.go$/;
const TS_SOURCE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
/** Declarations, tests, stories and tool configuration are not a package's code. */
const TS_NOT_SOURCE = /(\.d\.[mc]?ts|\.(test|spec|stories|bench)\.[^.]+|\.config\.[^.]+)$/;
const TS_INDEX = /^index\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;

/**
 * Every package of `tree`, ordered by language then folder. Rules:
 * - Python: a folder with `__init__.py` (named by the dotted path from the folder above its
 *   outermost `__init__.py` ancestor), or, below a `src/` folder, a folder of `.py` files
 *   without one (a namespace package). Files: its `.py` files, not `test_*.py`, `*_test.py`,
 *   `conftest.py`. Top-level modules beside no package (`setup.py`) are not packages.
 * - Go: a folder with a `.go` file that is not `_test.go` (the root included); named by its
 *   package clause.
 * - Java: a folder under `<module>/src/main/java/` holding `.java` files, where `<module>`
 *   has a `pom.xml`, `build.gradle` or `build.gradle.kts`; named by the dotted path.
 *   `package-info.java` and `module-info.java` are not counted as code.
 * - TypeScript/JavaScript: a folder with a `package.json` or an `index.*` source; it owns
 *   the sources below it up to the next such folder. Sources: `.ts .tsx .mts .cts .js .jsx
 *   .mjs .cjs`, not `.d.ts`, `*.test.*`, `*.spec.*`, `*.stories.*`, `*.config.*`.
 * - Rust: a folder whose `Cargo.toml` has a `[package]` table (a crate); it owns the `.rs`
 *   files below it up to the next crate.
 * Folders named like tests, examples, docs, benchmarks, scripts, build output or
 * dependencies (NOT_PACKAGE_DIRS), and hidden folders, hold no package. A folder without
 * any own source file is not counted.
 */
export function detectPackages(tree: SourceTree): SourcePackage[] {
  return [
    ...pythonPackages(tree),
    ...goPackages(tree),
    ...javaPackages(tree),
    ...typescriptPackages(tree),
    ...rustPackages(tree),
  ];
}

function pythonPackages(tree: SourceTree): SourcePackage[] {
  const files = tree.files.filter((f) => f.endsWith('.py') && inPackageArea(f, 'python'));
  const initDirs = new Set(files.filter((f) => baseOf(f) === '__init__.py').map(dirOf));
  const byDir = groupByDir(files.filter((f) => !PY_TEST.test(baseOf(f))));
  const out: SourcePackage[] = [];
  for (const [dir, own] of byDir) {
    let name: string | undefined;
    if (initDirs.has(dir)) {
      let top = dir;
      while (top.includes('/') && initDirs.has(dirOf(top))) top = dirOf(top);
      name = (top.includes('/') ? dir.slice(dirOf(top).length + 1) : dir).replaceAll('/', '.');
    } else {
      const segments = dir.split('/');
      const src = segments.lastIndexOf('src');
      if (src >= 0 && src < segments.length - 1) name = segments.slice(src + 1).join('.');
    }
    if (name) out.push(pkg('python', dir, name, [lastSegment(dir)], own));
  }
  return out;
}

function goPackages(tree: SourceTree): SourcePackage[] {
  const files = tree.files.filter((f) => GO_FILE.test(f) && !GO_TEST.test(f) && inPackageArea(f, 'go'));
  const modules = tree.files
    .filter((f) => baseOf(f) === 'go.mod')
    .map((f) => ({ dir: dirOf(f), path: /^module\s+(\S+)/m.exec(tree.read(f) ?? '')?.[1] }));
  const out: SourcePackage[] = [];
  for (const [dir, own] of groupByDir(files)) {
    const clause = own
      .map((f) => /^package\s+([\p{L}_][\p{L}\p{N}_]*)/mu.exec(tree.read(f) ?? '')?.[1])
      .find((n): n is string => !!n);
    const mod = modules
      .filter((m) => m.path && (m.dir === '' || dir === m.dir || dir.startsWith(`${m.dir}/`)))
      .sort((a, b) => b.dir.length - a.dir.length)[0];
    const importPath = mod?.path ? join(mod.path, dir.slice(mod.dir.length).replace(/^\//, '')) : undefined;
    const name = clause ?? (lastSegment(dir) || 'main');
    out.push(
      pkg('go', dir, name, [lastSegment(dir), importPath, importPath && lastSegment(importPath)], own),
    );
  }
  return out;
}

function javaPackages(tree: SourceTree): SourcePackage[] {
  const roots = tree.files
    .filter((f) => /^(pom\.xml|build\.gradle(\.kts)?)$/.test(baseOf(f)) && inPackageArea(f, 'java'))
    .map((f) => join(dirOf(f), 'src/main/java'));
  const out: SourcePackage[] = [];
  for (const root of new Set(roots)) {
    const files = tree.files.filter(
      (f) =>
        f.startsWith(`${root}/`) &&
        f.endsWith('.java') &&
        !/^(package|module)-info\.java$/.test(baseOf(f)) &&
        inPackageArea(f, 'java'),
    );
    for (const [dir, own] of groupByDir(files)) {
      const name = dir === root ? '' : dir.slice(root.length + 1).replaceAll('/', '.');
      out.push(pkg('java', dir, name || '(default package)', [lastSegment(dir)], own));
    }
  }
  return out;
}

function typescriptPackages(tree: SourceTree): SourcePackage[] {
  const manifests = new Map<string, string | undefined>();
  for (const f of tree.files) {
    if (!inPackageArea(f, 'typescript')) continue;
    if (baseOf(f) === 'package.json') manifests.set(dirOf(f), npmName(tree.read(f)));
    else if (TS_INDEX.test(baseOf(f)) && !TS_NOT_SOURCE.test(f) && !manifests.has(dirOf(f)))
      manifests.set(dirOf(f), undefined);
  }
  const owned = new Map<string, string[]>();
  for (const f of tree.files) {
    if (!TS_SOURCE.test(f) || TS_NOT_SOURCE.test(f) || !inPackageArea(f, 'typescript')) continue;
    const owner = nearest(dirOf(f), (d) => manifests.has(d));
    if (owner !== undefined) owned.set(owner, [...(owned.get(owner) ?? []), f]);
  }
  return [...owned]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([dir, own]) => {
      const npm = manifests.get(dir);
      return pkg('typescript', dir, npm ?? (lastSegment(dir) || '(root)'), [lastSegment(dir), npm], own);
    });
}

function rustPackages(tree: SourceTree): SourcePackage[] {
  const crates = new Map<string, string>();
  for (const f of tree.files) {
    if (baseOf(f) !== 'Cargo.toml' || !inPackageArea(f, 'rust')) continue;
    const toml = tree.read(f) ?? '';
    const table = /^\[package\]\s*$([\s\S]*?)(?=^\[|$(?![\s\S]))/m.exec(toml)?.[1];
    if (table === undefined) continue;
    crates.set(dirOf(f), /^name\s*=\s*"([^"]+)"/m.exec(table)?.[1] ?? lastSegment(dirOf(f)));
  }
  const owned = new Map<string, string[]>();
  for (const f of tree.files) {
    if (!f.endsWith('.rs') || !inPackageArea(f, 'rust')) continue;
    const owner = nearest(dirOf(f), (d) => crates.has(d));
    if (owner !== undefined) owned.set(owner, [...(owned.get(owner) ?? []), f]);
  }
  return [...owned]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([dir, own]) => {
      const name = crates.get(dir) ?? dir;
      return pkg('rust', dir, name, [lastSegment(dir), name.replaceAll('-', '_')], own);
    });
}

function pkg(
  language: PackageLanguage,
  dir: string,
  name: string,
  aliases: (string | undefined)[],
  files: string[],
): SourcePackage {
  const names = new Set([name, ...aliases].filter((a): a is string => !!a));
  return { language, dir, name, aliases: [...names], files: [...files].sort() };
}

function groupByDir(files: readonly string[]): Map<string, string[]> {
  const byDir = new Map<string, string[]>();
  for (const f of files) byDir.set(dirOf(f), [...(byDir.get(dirOf(f)) ?? []), f]);
  return new Map([...byDir].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** `dir` or its closest ancestor (the root `''` last) that satisfies `is`. */
function nearest(dir: string, is: (d: string) => boolean): string | undefined {
  for (let d = dir; ; d = dirOf(d)) {
    if (is(d)) return d;
    if (d === '') return undefined;
  }
}

function npmName(json: string | undefined): string | undefined {
  try {
    const name = (JSON.parse(json ?? '') as { name?: unknown }).name;
    return typeof name === 'string' && name ? name : undefined;
  } catch {
    return undefined;
  }
}
