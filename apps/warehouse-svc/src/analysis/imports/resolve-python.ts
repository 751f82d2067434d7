import {
  addTo,
  dirOf,
  joinPath,
  longestPrefix,
  nearest,
  type Resolve,
  type ResolveContext,
} from './resolve-context.js';

const PY_FILE = /\.pyi?$/;

/**
 * Python imports as the interpreter finds them: absolute ones by dotted import path
 * (packages named below their project, `src/` layouts included: `acme.core` is
 * `src/acme/core.py` or the package `src/acme/core/`), relative ones (`.x`, `..pkg.mod`)
 * from the importing file's package. `from a import b` arrives as `a.b` (import-clauses.ts):
 * the longest prefix that names a package or a module file wins. Outside packages are
 * named by their first segment; a first segment that is one of the repository's own top
 * packages is never outside (it is a wrong import and ignored).
 */
export function pythonResolver(ctx: ResolveContext): Resolve {
  // Dotted import path → module keys; folder path or file path without `.py` → module key.
  const names = new Map<string, string[]>();
  const paths = new Map<string, string>();
  for (const m of ctx.modules.values()) {
    if (m.kind !== 'python-package') continue;
    paths.set(m.key, m.key);
    if (m.importName) addTo(names, m.importName, m.key);
  }
  for (const f of ctx.files.values()) {
    if (f.language !== 'Python' || f.module === undefined || !PY_FILE.test(f.path)) continue;
    const stem = f.path.slice(f.path.lastIndexOf('/') + 1).replace(PY_FILE, '');
    if (stem === '__init__' || stem === '__main__') continue;
    const pkg = ctx.modules.get(f.module)?.importName ?? '';
    addTo(names, pkg ? `${pkg}.${stem}` : stem, f.module);
    paths.set(joinPath(dirOf(f.path), stem), f.module);
  }
  const tops = new Set([...names.keys()].map((n) => n.split('.')[0] ?? n));

  return (from, spec) => {
    if (spec.startsWith('.')) {
      let level = 0;
      while (spec[level] === '.') level++;
      let base = dirOf(from.path);
      for (let up = 1; up < level; up++) {
        if (base === '') return undefined;
        base = dirOf(base);
      }
      const rest = spec.slice(level).split('.').filter(Boolean);
      for (let k = rest.length; k >= 0; k--) {
        const hit = paths.get(joinPath(base, rest.slice(0, k).join('/')));
        if (hit !== undefined) return { module: hit };
      }
      return undefined;
    }
    const keys = longestPrefix(spec, '.', names);
    if (keys) {
      const key = nearest(keys, from.path);
      return key === undefined ? undefined : { module: key };
    }
    const top = spec.split('.')[0] ?? spec;
    return tops.has(top) || top === '__future__' || top === '' ? undefined : { external: top };
  };
}
