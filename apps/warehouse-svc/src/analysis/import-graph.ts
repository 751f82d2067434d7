import { posix } from 'node:path';
import { byCodeUnits, type ModuleInfo } from './detect-modules.js';
import { parentDir } from './module-layout.js';

export interface ImportEdge {
  readonly from: string;
  readonly to: string;
  /** Import statements behind the edge. */
  readonly count: number;
  /** Files that hold those imports (page sources of the architecture page). */
  readonly files: string[];
}

/** The most specific module whose folder contains `path` (or is it), if any. */
export function moduleContaining(path: string, keys: ReadonlySet<string>): string | undefined {
  for (let dir = path; ; dir = parentDir(dir)) {
    if (keys.has(dir)) return dir;
    if (dir === '') return undefined;
  }
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
  const keys = new Set(modules.filter((m) => m.kind !== 'project').map((m) => m.key));
  const byName = new Map<string, string>();
  for (const m of [...modules].reverse()) {
    if (m.key) byName.set(posix.basename(m.key), m.key);
    if (m.manifest?.name) byName.set(m.manifest.name, m.key);
  }
  // Module name → key; with two modules of one name, the first in key order.
  const named = new Map<string, string>();
  for (const m of modules) if (m.name && m.kind !== 'project' && !named.has(m.name)) named.set(m.name, m.key);
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
  keys: ReadonlySet<string>,
  named: ReadonlyMap<string, string>,
  byName: ReadonlyMap<string, string>,
): string | undefined {
  if (spec.startsWith('.') && spec.includes('/')) {
    const target = posix.normalize(posix.join(posix.dirname(fromPath), spec));
    return target.startsWith('..') ? undefined : moduleContaining(target, keys);
  }
  const bare = spec.replace(/^crate::/, '');
  // The longest prefix of the specifier, cut at `.`, `/` or `::`, that names a module.
  for (
    let end = bare.length;
    end > 0;
    end = Math.max(
      bare.lastIndexOf('.', end - 1),
      bare.lastIndexOf('/', end - 1),
      bare.lastIndexOf(':', end - 1),
    )
  ) {
    const key = named.get(bare.slice(0, end).replace(/:$/, ''));
    if (key !== undefined) return key;
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
