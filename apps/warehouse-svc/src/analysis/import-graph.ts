import { posix } from 'node:path';
import { byCodeUnits, type ModuleInfo } from './detect-modules.js';

export interface ImportEdge {
  readonly from: string;
  readonly to: string;
  /** Import statements behind the edge. */
  readonly count: number;
  /** Files that hold those imports (page sources of the architecture page). */
  readonly files: string[];
}

/** The most specific module whose folder contains `path`, if any. */
export function moduleContaining(path: string, keys: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const key of keys) {
    if (
      (key === '' || path === key || path.startsWith(`${key}/`)) &&
      (best === undefined || key.length > best.length)
    )
      best = key;
  }
  return best;
}

/**
 * Module-level import graph. Relative specifiers resolve by path; bare ones by the longest
 * module name they start with (`acme.core.x` → `acme.core`, `github.com/x/y/sub` →
 * `github.com/x/y/sub`, `@acme/core/utils` → `@acme/core`), else by a manifest name or a
 * folder name among their segments (`com.acme.billing.Invoice`).
 */
export function buildImportGraph(
  files: readonly { path: string; module?: string; imports: readonly string[] }[],
  modules: readonly ModuleInfo[],
): ImportEdge[] {
  const keys = modules.filter((m) => m.kind !== 'project').map((m) => m.key);
  const byName = new Map<string, string>();
  for (const m of [...modules].reverse()) {
    if (m.key) byName.set(posix.basename(m.key), m.key);
    if (m.manifest?.name) byName.set(m.manifest.name, m.key);
  }
  const named = modules
    .filter((m) => m.name && m.kind !== 'project')
    .map((m) => ({ name: m.name, key: m.key }))
    .sort((a, b) => b.name.length - a.name.length || byCodeUnits(a.name, b.name));
  const edges = new Map<string, { count: number; files: Set<string> }>();
  for (const file of files) {
    if (file.module === undefined) continue;
    for (const spec of file.imports) {
      const target = resolveImport(file.path, spec, keys, named, byName);
      if (target === undefined || target === file.module) continue;
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
      return { from, to, count: e.count, files: [...e.files].sort(byCodeUnits) };
    })
    .sort((a, b) => byCodeUnits(a.from, b.from) || byCodeUnits(a.to, b.to));
}

function resolveImport(
  fromPath: string,
  spec: string,
  keys: readonly string[],
  named: readonly { name: string; key: string }[],
  byName: ReadonlyMap<string, string>,
): string | undefined {
  if (spec.startsWith('.') && spec.includes('/')) {
    const target = posix.normalize(posix.join(posix.dirname(fromPath), spec));
    return target.startsWith('..') ? undefined : moduleContaining(target, keys);
  }
  const bare = spec.replace(/^crate::/, '');
  for (const { name, key } of named) {
    if (bare === name) return key;
    const next = bare[name.length];
    if (bare.startsWith(name) && (next === '.' || next === '/' || next === ':')) return key;
  }
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
