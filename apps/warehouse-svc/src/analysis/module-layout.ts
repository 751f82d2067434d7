import { posix } from 'node:path';
import type { Manifest, ManifestKind } from './manifests.js';

/**
 * How each language draws its module boundaries, as the language itself does. A module
 * is always one folder of source files; what differs is which folder a file belongs to
 * and what the module is called:
 *
 * - Python: the file's folder (a package with `__init__.py`, or a namespace package), named
 *   by its dotted path below the project (a leading `src/`, `lib/` or `python/` dropped).
 * - Go: the file's folder, named by the go.mod module path plus the folder.
 * - Java/Kotlin/Scala/Groovy: the file's folder, named by its `package` declaration (or the
 *   path below `src/main/java`).
 * - C#: the file's folder, named by its namespace (or project name plus folder).
 * - Rust: the file's folder below the crate, named `crate::a::b` (the crate's own name for `src`).
 * - TS/JS: the nearest folder holding an `index` file or a package.json (folders without one
 *   belong to it), named by the package name plus the sub-path.
 * - Any other language: the file's folder, named by its path.
 */
export type ModuleKind =
  | 'python-package'
  | 'go-package'
  | 'java-package'
  | 'csharp-namespace'
  | 'rust-module'
  | 'js-package'
  | 'folder'
  | 'project';

export interface LayoutContext {
  /** Folder → manifests in it. */
  readonly manifests: ReadonlyMap<string, readonly Manifest[]>;
  /** Folders holding a JS/TS `index.*` file. */
  readonly indexDirs: ReadonlySet<string>;
  /** Folders holding a `setup.py` (a Python project without pyproject.toml). */
  readonly setupPyDirs: ReadonlySet<string>;
}

export interface Unit {
  readonly dir: string;
  /** The name this file gives its module; '' when it is the repository's root module without a name. */
  readonly name: string;
  readonly kind: ModuleKind;
  /** Python: the dotted path code imports the folder by ('' for a project's root folder). */
  readonly importName?: string;
}

export const JS_LANGUAGES = new Set([
  'TypeScript',
  'TSX',
  'JavaScript',
  'Vue',
  'Svelte',
  'Astro',
  'CoffeeScript',
]);
export const JVM_LANGUAGES = new Set(['Java', 'Kotlin', 'Scala', 'Groovy']);
const JS_INDEX = /^index\.([cm]?[jt]sx?|vue|svelte)$/;
const SOURCE_ROOT_SEGMENTS = new Set(['src', 'lib', 'python']);

export const parentDir = (dir: string) =>
  dir === '' ? '' : posix.dirname(dir) === '.' ? '' : posix.dirname(dir);
const relative = (from: string, to: string) =>
  from === '' ? to : to === from ? '' : to.slice(from.length + 1);

/** True when `path` is a JS/TS index file (`index.ts`, `index.mjs`, …). */
export function isJsIndex(path: string): boolean {
  return JS_INDEX.test(posix.basename(path));
}

/** The nearest folder at or above `dir` with a manifest of one of `kinds` (and that manifest). */
export function nearestProject(
  dir: string,
  kinds: readonly ManifestKind[],
  ctx: LayoutContext,
): { dir: string; manifest?: Manifest } | undefined {
  for (let d = dir; ; d = parentDir(d)) {
    const manifest = ctx.manifests.get(d)?.find((m) => kinds.includes(m.kind));
    if (manifest) return { dir: d, manifest };
    if (kinds.includes('python') && ctx.setupPyDirs.has(d)) return { dir: d };
    if (d === '') return undefined;
  }
}

const dotted = (rel: string) => rel.split('/').filter(Boolean).join('.');

/** The module folder and name of one source file. `declared` is its package/namespace clause, if any. */
export function unitOf(
  path: string,
  language: string,
  declared: string | undefined,
  ctx: LayoutContext,
): Unit {
  const dir = parentDir(path);
  if (JS_LANGUAGES.has(language)) {
    let unit = dir;
    for (let d = dir; ; d = parentDir(d)) {
      if (ctx.indexDirs.has(d) || ctx.manifests.get(d)?.some((m) => m.kind === 'npm')) {
        unit = d;
        break;
      }
      if (d === '') break;
    }
    const npm = nearestProject(unit, ['npm'], ctx);
    const sub = npm ? relative(npm.dir, unit).split('/') : [];
    if (sub[0] && SOURCE_ROOT_SEGMENTS.has(sub[0])) sub.shift();
    const base = npm?.manifest?.name ?? (npm ? npm.dir : '');
    const name = npm ? [base, ...sub].filter(Boolean).join('/') : unit;
    return { dir: unit, name, kind: 'js-package' };
  }
  if (language === 'Python') {
    const project = nearestProject(dir, ['python'], ctx);
    const segments = relative(project?.dir ?? '', dir)
      .split('/')
      .filter(Boolean);
    if (segments[0] && SOURCE_ROOT_SEGMENTS.has(segments[0])) segments.shift();
    const own = project?.manifest?.name ?? (project?.dir ? posix.basename(project.dir) : '');
    const importName = segments.join('.');
    return { dir, name: importName || own, kind: 'python-package', importName };
  }
  if (language === 'Go') {
    const mod = nearestProject(dir, ['go'], ctx);
    const rel = relative(mod?.dir ?? '', dir);
    const base = mod?.manifest?.name ?? '';
    return { dir, name: [base, rel].filter(Boolean).join('/'), kind: 'go-package' };
  }
  if (JVM_LANGUAGES.has(language)) {
    const afterRoot = /(?:^|\/)src\/(?:main|test)\/(?:java|kotlin|scala|groovy)\/(.+)$/.exec(dir)?.[1];
    const project = nearestProject(dir, ['maven', 'gradle'], ctx);
    return {
      dir,
      name: declared || dotted(afterRoot ?? relative(project?.dir ?? '', dir)),
      kind: 'java-package',
    };
  }
  if (language === 'C#') {
    const project = nearestProject(dir, ['dotnet'], ctx);
    const fallback = [project?.manifest?.name, dotted(relative(project?.dir ?? '', dir))].filter(Boolean);
    return { dir, name: declared || fallback.join('.'), kind: 'csharp-namespace' };
  }
  if (language === 'Rust') {
    const crate = nearestProject(dir, ['cargo'], ctx);
    const segments = relative(crate?.dir ?? '', dir)
      .split('/')
      .filter(Boolean);
    if (segments[0] === 'src') segments.shift();
    const base = (crate?.manifest?.name ?? (crate ? posix.basename(crate.dir) : '')).replace(/-/g, '_');
    return { dir, name: [base, ...segments].filter(Boolean).join('::'), kind: 'rust-module' };
  }
  return { dir, name: dir, kind: 'folder' };
}
