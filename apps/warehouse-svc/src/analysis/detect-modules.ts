import { posix } from 'node:path';
import type { FileRole } from './file-role.js';
import type { Manifest } from './manifests.js';
import { isJsIndex, type LayoutContext, type ModuleKind, parentDir, unitOf } from './module-layout.js';

export interface ModuleInfo {
  /** The module's folder (`src/acme/core`), '' for code at the repository root; unique. */
  readonly key: string;
  /**
   * Its name in its language: `acme.core`, `github.com/x/y/sub`, `com.acme.billing`,
   * `Acme.Tool`, `parser::ast`, `@acme/core`. '' for an unnamed root module (readers show
   * the repository's name).
   */
  readonly name: string;
  readonly kind: ModuleKind;
  /** The language most of its files are written in (none for a project container). */
  readonly language?: string;
  /** Key of the enclosing module or project (a Maven/Gradle module, an npm package…). */
  readonly parent?: string;
  /** The manifest in its folder, or the one of the project it is the only module of. */
  readonly manifest?: Manifest;
  /** Python: the dotted path code imports it by ('' for a project's root folder). */
  readonly importName?: string;
}

export interface ModuleInput {
  readonly path: string;
  readonly language?: string;
  readonly role: FileRole;
  /** `package`/namespace clause the parser found (Go, Java, C#). */
  readonly declared?: string;
}

export interface DetectedModules {
  /** Sorted by key; parents before children. */
  readonly modules: ModuleInfo[];
  /** Source file path → module key. */
  readonly moduleOf: ReadonlyMap<string, string>;
}

/** Code-unit order: the same on every machine, unlike a locale's. */
export const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Modules from the language (module-layout.ts): every source file belongs to exactly one
 * module. A folder with a manifest (Maven/Gradle module, npm package, crate, project) that
 * holds several modules below it becomes a project container; one holding a single module
 * lends it its manifest.
 */
export function detectModules(
  files: readonly ModuleInput[],
  manifests: readonly Manifest[],
): DetectedModules {
  const ctx = layoutContext(files, manifests);
  const units = new Map<
    string,
    { kind: ModuleKind; names: Map<string, number>; langs: Map<string, number>; importName?: string }
  >();
  const moduleOf = new Map<string, string>();
  for (const f of files) {
    if (f.role !== 'source' || !f.language) continue;
    const u = unitOf(f.path, f.language, f.declared, ctx);
    const entry = units.get(u.dir) ?? {
      kind: u.kind,
      names: new Map(),
      langs: new Map(),
      ...(u.importName !== undefined ? { importName: u.importName } : {}),
    };
    entry.names.set(u.name, (entry.names.get(u.name) ?? 0) + 1);
    entry.langs.set(f.language, (entry.langs.get(f.language) ?? 0) + 1);
    units.set(u.dir, entry);
    moduleOf.set(f.path, u.dir);
  }
  const manifestsIn = (dir: string) => ctx.manifests.get(dir) ?? [];
  const nodes = new Map<string, Omit<ModuleInfo, 'parent'>>();
  for (const [dir, u] of units) {
    const language = mostCommon(u.langs);
    const manifest = manifestsIn(dir)[0];
    nodes.set(dir, {
      key: dir,
      name: mostCommon(u.names),
      kind: u.kind,
      language,
      ...(manifest ? { manifest } : {}),
      ...(u.importName !== undefined ? { importName: u.importName } : {}),
    });
  }
  // Projects: folders with a manifest, other than the root, that hold modules below them.
  const dirs = [...units.keys()];
  for (const [dir, list] of ctx.manifests) {
    if (dir === '' || nodes.has(dir)) continue;
    const below = dirs.filter((d) => d.startsWith(`${dir}/`));
    const manifest = list[0];
    if (below.length === 0 || !manifest) continue;
    if (below.length === 1) {
      const only = nodes.get(below[0] ?? '');
      if (only && !only.manifest) nodes.set(only.key, { ...only, manifest });
      continue;
    }
    nodes.set(dir, { key: dir, name: manifest.name || posix.basename(dir), kind: 'project', manifest });
  }
  const keys = [...nodes.keys()].sort(byCodeUnits);
  const modules = keys.map((key): ModuleInfo => {
    const node = nodes.get(key) as Omit<ModuleInfo, 'parent'>;
    const parent = enclosing(key, nodes);
    return parent === undefined ? node : { ...node, parent };
  });
  return { modules, moduleOf };
}

/** The nearest strict ancestor folder that is a module or project. */
function enclosing(key: string, nodes: ReadonlyMap<string, unknown>): string | undefined {
  if (key === '') return undefined;
  for (let d = parentDir(key); ; d = parentDir(d)) {
    if (nodes.has(d)) return d;
    if (d === '') return undefined;
  }
}

/** The most frequent key; ties go to the first in code-unit order. */
function mostCommon(counts: ReadonlyMap<string, number>): string {
  let best: [string, number] | undefined;
  for (const [k, n] of counts)
    if (!best || n > best[1] || (n === best[1] && byCodeUnits(k, best[0]) < 0)) best = [k, n];
  return best?.[0] ?? '';
}

export function layoutContext(files: readonly ModuleInput[], manifests: readonly Manifest[]): LayoutContext {
  const byDir = new Map<string, Manifest[]>();
  // requirements.txt marks no project (docs/requirements.txt is a docs site's).
  for (const m of [...manifests].sort((a, b) => byCodeUnits(a.path, b.path))) {
    if (m.kind === 'requirements') continue;
    const dir = parentDir(m.path);
    byDir.set(dir, [...(byDir.get(dir) ?? []), m]);
  }
  const indexDirs = new Set<string>();
  const setupPyDirs = new Set<string>();
  for (const f of files) {
    if (f.role === 'source' && isJsIndex(f.path)) indexDirs.add(parentDir(f.path));
    if (posix.basename(f.path) === 'setup.py') setupPyDirs.add(parentDir(f.path));
  }
  return { manifests: byDir, indexDirs, setupPyDirs };
}
