import { posix } from 'node:path';
import { byCodeUnits, type ModuleInfo } from './detect-modules.js';
import { dirOf, type ImportingFile, joinPath } from './imports/resolve-context.js';
import { fileResolver, packageEntryFile } from './imports/resolve-js.js';
import { pythonResolver } from './imports/resolve-python.js';
import type { Manifest } from './manifests.js';
import type { SymbolInfo } from './symbol-types.js';

/** Where a reader (or a user) enters the code. */
export interface EntryPoint {
  /** What starts here, as plain text: `command acme`, `package @acme/core`, `python -m acme`. */
  readonly label: string;
  /** Key of the module holding it. */
  readonly module: string;
  /** The file it starts in. */
  readonly file: string;
}

/** Entry points kept at most (a repository of many commands lists the first). @default 40 */
export const MAX_ENTRY_POINTS = 40;

export interface EntryFile extends ImportingFile {
  readonly symbols: readonly SymbolInfo[];
}

/**
 * The entry points of a repository, from its manifests and its code:
 * - npm: the file importing a package loads (`exports["."]`, `module`, `main`, read back
 *   to its source: `dist/index.js` → `src/index.ts`) and every `bin`;
 * - Python: console scripts (`[project.scripts]`, `pkg.cli:main`), `__main__.py` files,
 *   and each top-level package (its `__init__.py`);
 * - Go: packages with a `func main` (commands) and the package at a go.mod's folder;
 * - Java: classes with a `public static void main`; C#: classes with a `Main` method;
 * - Rust: `src/lib.rs`, `src/main.rs`, `src/bin/*.rs` and `[[bin]]` paths of each crate.
 * Sorted by module, then label; one per file and label.
 */
export function findEntryPoints(
  files: readonly EntryFile[],
  modules: readonly ModuleInfo[],
  manifests: readonly Manifest[],
): EntryPoint[] {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const code = new Map(modules.filter((m) => m.kind !== 'project').map((m) => [m.key, m]));
  const resolveFile = fileResolver(byPath);
  const found = new Map<string, EntryPoint>();
  const add = (label: string, file: string | undefined) => {
    const module = file === undefined ? undefined : byPath.get(file)?.module;
    if (file === undefined || module === undefined) return;
    found.set(`${file}\0${label}`, { label, module, file });
  };
  let python: ReturnType<typeof pythonResolver> | undefined;
  // A Go package's file with the most public declarations (members included) stands for it (first in path order).
  const goFile = new Map<string, { path: string; exported: number }>();
  for (const f of files) {
    if (f.language !== 'Go' || f.module === undefined || f.role !== 'source') continue;
    const exported = f.symbols.filter((s) => s.exported).length;
    const best = goFile.get(f.module);
    if (!best || exported > best.exported) goFile.set(f.module, { path: f.path, exported });
  }

  for (const m of manifests) {
    const dir = dirOf(m.path);
    if (m.kind === 'npm') {
      add(`package ${m.name ?? (dir || 'root')}`, packageEntryFile(m, resolveFile));
      for (const [name, target] of Object.entries(m.binEntries ?? {}))
        add(`command ${name}`, packageEntryFile(m, resolveFile, [target], false));
    } else if (m.kind === 'python') {
      for (const [name, target] of Object.entries(m.binEntries ?? {})) {
        const dotted = target.split(':')[0]?.trim() ?? '';
        python ??= pythonResolver({ files: byPath, modules: code, manifests, tsconfigs: [] });
        const r = python({ path: m.path, role: 'source', imports: [] }, dotted);
        if (r && 'module' in r) add(`command ${name}`, pythonFile(files, r.module, dotted));
      }
    } else if (m.kind === 'cargo' && m.name) {
      const src = joinPath(dir, 'src');
      add(`library crate ${m.name}`, byPath.has(`${src}/lib.rs`) ? `${src}/lib.rs` : undefined);
      add(`binary ${m.name}`, byPath.has(`${src}/main.rs`) ? `${src}/main.rs` : undefined);
      for (const [name, path] of Object.entries(m.binEntries ?? {}))
        add(`binary ${name}`, joinPath(dir, path));
    } else if (m.kind === 'go' && m.name) {
      if (code.get(dir)?.kind === 'go-package') add(`package ${m.name}`, goFile.get(dir)?.path);
    }
  }
  for (const f of files) {
    if (f.module === undefined) continue;
    const base = posix.basename(f.path);
    const mod = code.get(f.module);
    if (f.language === 'Python' && base === '__main__.py')
      add(`python -m ${mod?.importName || mod?.name}`, f.path);
    else if (
      f.language === 'Python' &&
      base === '__init__.py' &&
      mod?.importName &&
      !mod.importName.includes('.')
    )
      add(`package ${mod.importName}`, f.path);
    else if (f.language === 'Rust' && /(^|\/)src\/bin\/[^/]+\.rs$/.test(f.path))
      add(`binary ${base.replace(/\.rs$/, '')}`, f.path);
    else if (
      f.language === 'Go' &&
      f.symbols.some((s) => s.name === 'main' && s.kind === 'function' && !s.owner)
    )
      add(`command ${mod?.name || f.module}`, f.path);
    else if (f.language === 'Java' || f.language === 'C#') {
      const name = f.language === 'Java' ? 'main' : 'Main';
      const main = f.symbols.find(
        (s) => s.name === name && s.kind === 'method' && s.owner && /\bstatic\b/.test(s.signature ?? ''),
      );
      if (main?.owner) add(`main class ${mod?.name ? `${mod.name}.` : ''}${main.owner}`, f.path);
    }
  }
  for (const [key, file] of jvmLibraries(files, code, manifests))
    add(`package ${code.get(key)?.name ?? key}`, file);
  return [...found.values()]
    .sort(
      (a, b) =>
        rank(a.label) - rank(b.label) ||
        byCodeUnits(a.module, b.module) ||
        byCodeUnits(a.label, b.label) ||
        byCodeUnits(a.file, b.file),
    )
    .slice(0, MAX_ENTRY_POINTS);
}

/** Libraries first (what importing the project reaches), then commands, then main classes. */
function rank(label: string): number {
  if (label.startsWith('package ') || label.startsWith('library ')) return 0;
  if (label.startsWith('main class ')) return 2;
  return 1;
}

/**
 * The API package of each Maven/Gradle module: its Java package with the shortest name (the
 * first in key order on a tie), represented by its file with the most public declarations.
 */
function jvmLibraries(
  files: readonly EntryFile[],
  code: ReadonlyMap<string, ModuleInfo>,
  manifests: readonly Manifest[],
): [string, string][] {
  const projects = manifests
    .filter((m) => m.kind === 'maven' || m.kind === 'gradle')
    .map((m) => dirOf(m.path))
    .sort((x, y) => y.length - x.length || byCodeUnits(x, y));
  const projectOf = (key: string) => projects.find((p) => p === '' || key.startsWith(`${p}/`));
  // A package is represented by its file with the most public declarations (members included); descriptors
  // (`module-info.java`, `package-info.java`) declare none and represent nothing.
  const fileOf = new Map<string, { path: string; exported: number }>();
  for (const f of files) {
    if (f.module === undefined || f.language !== 'Java' || /(^|\/)(module|package)-info\.java$/.test(f.path))
      continue;
    const exported = f.symbols.filter((s) => s.exported).length;
    const current = fileOf.get(f.module);
    if (!current || exported > current.exported) fileOf.set(f.module, { path: f.path, exported });
  }
  const dots = (name: string) => name.split('.').length;
  const best = new Map<string, ModuleInfo>();
  for (const m of code.values()) {
    if (m.kind !== 'java-package' || !fileOf.has(m.key)) continue;
    const p = projectOf(m.key);
    if (p === undefined) continue;
    const current = best.get(p);
    if (!current || dots(m.name) < dots(current.name)) best.set(p, m);
  }
  return [...best.values()].flatMap((m): [string, string][] => {
    const file = fileOf.get(m.key)?.path;
    return file ? [[m.key, file]] : [];
  });
}

/** The file of dotted module `a.b.cli` inside module `key`: `…/cli.py`, else the package's `__init__.py`. */
function pythonFile(files: readonly EntryFile[], key: string, dotted: string): string | undefined {
  const last = dotted.split('.').pop() ?? '';
  const inModule = files.filter((f) => f.module === key);
  return (
    inModule.find((f) => posix.basename(f.path) === `${last}.py`)?.path ??
    inModule.find((f) => posix.basename(f.path) === '__init__.py')?.path
  );
}
