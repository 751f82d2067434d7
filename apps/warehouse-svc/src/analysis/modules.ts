import { posix } from 'node:path';
import type { Manifest } from './manifests.js';

export interface ModuleInfo {
  /** Repository path of the module folder, e.g. `src` or `packages/core`. */
  readonly key: string;
  /** Container module (`packages`) of a nested module, if any. */
  readonly parent?: string;
  readonly manifest?: Manifest;
}

/**
 * Top-level folders are modules; a top-level folder without a manifest whose subfolders
 * have manifests (`packages/*`, `apps/*`, `crates/*`) is a container, and each of its
 * subfolders becomes a nested module.
 */
export function detectModules(paths: readonly string[], manifests: readonly Manifest[]): ModuleInfo[] {
  const manifestByDir = new Map(manifests.map((m) => [posix.dirname(m.path), m]));
  const top = new Map<string, Set<string>>();
  for (const path of paths) {
    const parts = path.split('/');
    if (parts.length < 2) continue;
    const head = parts[0] ?? '';
    const children = top.get(head) ?? new Set<string>();
    if (parts.length >= 3) children.add(`${head}/${parts[1]}`);
    top.set(head, children);
  }
  const modules: ModuleInfo[] = [];
  for (const [key, children] of [...top].sort(([a], [b]) => a.localeCompare(b))) {
    const own = manifestByDir.get(key);
    const nested = [...children].filter((c) => manifestByDir.has(c));
    modules.push({ key, ...(own ? { manifest: own } : {}) });
    if (!own && nested.length > 0) {
      for (const child of [...children].sort()) {
        const m = manifestByDir.get(child);
        modules.push({ key: child, parent: key, ...(m ? { manifest: m } : {}) });
      }
    }
  }
  return modules;
}

/** The most specific module containing `path`, or '' for files at the root. */
export function moduleOf(path: string, moduleKeys: readonly string[]): string {
  let best = '';
  for (const key of moduleKeys) {
    if ((path === key || path.startsWith(`${key}/`)) && key.length > best.length) best = key;
  }
  return best;
}

export interface ImportEdge {
  readonly from: string;
  readonly to: string;
  /** Import statements behind the edge. */
  readonly count: number;
  /** Files that hold those imports (page sources of the architecture page). */
  readonly files: string[];
}

/**
 * Module-level import graph. Relative specifiers resolve by path; bare ones by the
 * module's package name (manifest), its folder name, or a Go module prefix.
 */
export function buildImportGraph(
  files: readonly { path: string; module: string; imports: readonly string[] }[],
  modules: readonly ModuleInfo[],
  goModule: string | undefined,
): ImportEdge[] {
  const keys = modules.map((m) => m.key);
  const byName = new Map<string, string>();
  for (const m of modules) {
    byName.set(posix.basename(m.key), m.key);
    if (m.manifest?.name) byName.set(m.manifest.name, m.key);
  }
  const edges = new Map<string, { count: number; files: Set<string> }>();
  for (const file of files) {
    if (!file.module) continue;
    for (const spec of file.imports) {
      const target = resolveImport(file.path, spec, keys, byName, goModule);
      if (
        !target ||
        target === file.module ||
        target.startsWith(`${file.module}/`) ||
        file.module.startsWith(`${target}/`)
      )
        continue;
      const id = `${file.module}\0${target}`;
      const e = edges.get(id) ?? { count: 0, files: new Set<string>() };
      e.count++;
      e.files.add(file.path);
      edges.set(id, e);
    }
  }
  return [...edges]
    .map(([id, e]) => {
      const [from = '', to = ''] = id.split('\0');
      return { from, to, count: e.count, files: [...e.files].sort() };
    })
    .sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
}

function resolveImport(
  fromPath: string,
  spec: string,
  keys: readonly string[],
  byName: ReadonlyMap<string, string>,
  goModule: string | undefined,
): string | undefined {
  if (spec.startsWith('.') && spec.includes('/')) {
    const target = posix.normalize(posix.join(posix.dirname(fromPath), spec));
    return target.startsWith('..') ? undefined : moduleOf(target, keys) || undefined;
  }
  let bare = spec;
  if (goModule && bare.startsWith(`${goModule}/`))
    return moduleOf(bare.slice(goModule.length + 1), keys) || undefined;
  bare = bare.replace(/^crate::/, '');
  const scoped = /^(@[^/]+\/[^/]+)/.exec(bare)?.[1];
  if (scoped && byName.has(scoped)) return byName.get(scoped);
  const segments = bare.split(/::|[/.]/).filter(Boolean);
  if (segments[0] && byName.has(segments[0])) return byName.get(segments[0]);
  // Java/C# packages (`com.acme.billing.Invoice`): a middle segment names the module.
  if (spec.includes('.') && !spec.includes('/')) {
    for (const s of segments.slice(1, -1)) if (byName.has(s)) return byName.get(s);
  }
  return undefined;
}
