import { posix } from 'node:path';
import type { Manifest } from '../manifests.js';
import { dirOf, joinPath, type Resolve, type ResolveContext } from './resolve-context.js';
import { type EffectivePaths, effectivePaths, inRepo, mapPaths, type TsConfig } from './tsconfig.js';

/** Extensions a JS/TS specifier may leave out, in the order bundlers and `tsc` try them. */
const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.d.ts', '.js', '.jsx', '.mjs', '.cjs', '.vue', '.svelte'];
/** A compiled extension written in the specifier, and the sources it is compiled from. */
const COMPILED: Record<string, readonly string[]> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};
/** Output folders a package's `main`/`exports` point into; the sources are in `src/` or below the folder. */
const OUTPUT_DIR = /^(dist|distribution|lib|build|out|esm|cjs|es|umd|types)\//;

/** The repository file a path-like specifier names, trying extensions and `index` files. */
export function fileResolver(files: ReadonlyMap<string, unknown>): (path: string) => string | undefined {
  return (path) => {
    if (files.has(path)) return path;
    const ext = posix.extname(path);
    for (const src of COMPILED[ext] ?? []) {
      const candidate = path.slice(0, -ext.length) + src;
      if (files.has(candidate)) return candidate;
    }
    for (const e of EXTENSIONS) if (files.has(path + e)) return path + e;
    for (const e of EXTENSIONS)
      if (files.has(joinPath(path, `index${e}`))) return joinPath(path, `index${e}`);
    return undefined;
  };
}

/**
 * The source file behind a package's entry (`exports["."]`, `module`, `main`), looked up as
 * written, then with the output folder read as `src/` (`dist/index.js` → `src/index.ts`) or
 * dropped (`distribution/source/index.js` → `source/index.ts`), then `src/index.*`,
 * `source/index.*`, `index.*`, `lib/index.*`.
 */
export function packageEntryFile(
  manifest: Manifest,
  resolveFile: (path: string) => string | undefined,
  targets: readonly string[] = manifest.libraryEntries ?? [],
  withFallbacks = true,
): string | undefined {
  const dir = dirOf(manifest.path);
  const fallbacks = ['src/index', 'source/index', 'index', 'lib/index'];
  for (const target of withFallbacks ? [...targets, ...fallbacks] : targets) {
    const rel = inRepo('', target.replace(/^\.\//, ''));
    if (rel === undefined) continue;
    const sources = [
      rel,
      ...(OUTPUT_DIR.test(rel) ? [rel.replace(OUTPUT_DIR, 'src/'), rel.replace(OUTPUT_DIR, '')] : []),
    ];
    for (const candidate of sources) {
      const found =
        resolveFile(joinPath(dir, candidate)) ??
        (candidate.endsWith('.d.ts') ? resolveFile(joinPath(dir, candidate.slice(0, -5))) : undefined);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * TS/JS imports as `tsc` and bundlers resolve them: relative paths (extensions, `index`
 * files, `.js` written for a `.ts` source), `paths` aliases of the nearest
 * `tsconfig.json`/`jsconfig.json` (its `extends` chain followed), the names of the
 * workspace's own packages (`@acme/core`, `@acme/core/sub/path`), `baseUrl`. A specifier
 * naming no file of the repository through any of these is ignored when it is path-like or
 * an alias, and an outside package (`react`, `@scope/name`, `node:fs`) otherwise.
 */
export function jsResolver(ctx: ResolveContext): Resolve {
  const resolveFile = fileResolver(ctx.files);
  const moduleOfFile = (path: string | undefined) => {
    const module = path === undefined ? undefined : ctx.files.get(path)?.module;
    return module === undefined ? undefined : { module };
  };
  const packages = new Map<string, Manifest>();
  for (const m of ctx.manifests)
    if (m.kind === 'npm' && m.name && !packages.has(m.name)) packages.set(m.name, m);
  const packageModule = new Map<string, { module: string } | undefined>();
  const rootOf = (manifest: Manifest) => {
    if (!packageModule.has(manifest.path))
      packageModule.set(manifest.path, packageRoot(ctx, manifest, resolveFile));
    return packageModule.get(manifest.path);
  };
  const configs = tsconfigLookup(ctx.tsconfigs);

  return (from, spec) => {
    if (spec === '.' || spec === '..' || spec.startsWith('./') || spec.startsWith('../')) {
      const target = inRepo(dirOf(from.path), spec);
      return target === undefined ? undefined : moduleOfFile(resolveFile(target));
    }
    if (spec.startsWith('/') || spec.startsWith('#')) return undefined;
    const config = configs(dirOf(from.path));
    if (config?.paths) {
      const targets = mapPaths(spec, config.paths);
      for (const t of targets) {
        const target = inRepo(config.pathsBase, t);
        const file = target === undefined ? undefined : resolveFile(target);
        if (file) return moduleOfFile(file);
      }
      if (targets.length > 0) return undefined;
    }
    const name = packageName(spec);
    const pkg = packages.get(name);
    if (pkg) {
      const sub = spec.slice(name.length + 1);
      if (!sub) return rootOf(pkg);
      const dir = dirOf(pkg.path);
      const file = resolveFile(joinPath(dir, sub)) ?? resolveFile(joinPath(dir, `src/${sub}`));
      return file ? moduleOfFile(file) : rootOf(pkg);
    }
    if (config?.baseUrl !== undefined) {
      const file = resolveFile(joinPath(config.baseUrl, spec));
      if (file) return moduleOfFile(file);
    }
    return { external: name };
  };
}

/** `@scope/name` or `name` of a bare specifier (`lodash/fp` → `lodash`). */
export function packageName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') && parts.length > 1 ? `${parts[0]}/${parts[1]}` : (parts[0] ?? spec);
}

/**
 * The module importing a workspace package by its name reaches: the module of its entry
 * file, else the module in its folder, else the module its manifest was lent to, else the
 * first module below its folder.
 */
function packageRoot(
  ctx: ResolveContext,
  manifest: Manifest,
  resolveFile: (path: string) => string | undefined,
): { module: string } | undefined {
  const entry = packageEntryFile(manifest, resolveFile);
  const viaEntry = entry === undefined ? undefined : ctx.files.get(entry)?.module;
  if (viaEntry !== undefined) return { module: viaEntry };
  const dir = dirOf(manifest.path);
  if (ctx.modules.has(dir)) return { module: dir };
  for (const m of ctx.modules.values()) if (m.manifest?.path === manifest.path) return { module: m.key };
  for (const m of ctx.modules.values())
    if (dir === '' || m.key.startsWith(`${dir}/`)) return { module: m.key };
  return undefined;
}

/** Folder → the paths options of the nearest `tsconfig.json` or `jsconfig.json` at or above it. */
function tsconfigLookup(configs: readonly TsConfig[]): (dir: string) => EffectivePaths | undefined {
  const byPath = new Map(configs.map((c) => [c.path, c]));
  const byDir = new Map<string, TsConfig>();
  for (const c of configs) {
    const base = posix.basename(c.path);
    const dir = dirOf(c.path);
    // tsconfig.json wins over jsconfig.json in one folder, as editors pick it.
    if (base === 'tsconfig.json' || (base === 'jsconfig.json' && !byDir.has(dir))) byDir.set(dir, c);
  }
  const effective = new Map<string, EffectivePaths>();
  const cache = new Map<string, EffectivePaths | undefined>();
  const lookup = (dir: string): EffectivePaths | undefined => {
    if (cache.has(dir)) return cache.get(dir);
    const config = byDir.get(dir);
    let found: EffectivePaths | undefined;
    if (config) {
      found = effective.get(config.path) ?? effectivePaths(config, byPath);
      effective.set(config.path, found);
    } else if (dir !== '') found = lookup(dirOf(dir));
    cache.set(dir, found);
    return found;
  };
  return lookup;
}
