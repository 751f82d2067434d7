import {
  addTo,
  dirOf,
  type ImportingFile,
  joinPath,
  type Resolution,
  type ResolveContext,
} from './resolve-context.js';
import { expandUseTree } from './rust-use-tree.js';

/** Resolves one `use` declaration to one resolution per path it expands to. */
export type ResolveUse = (from: ImportingFile, spec: string) => Resolution[];

/**
 * Rust `use` paths as rustc reads them: `crate::a::b` from the importing file's crate root
 * (`src/`), `self::`/`super::` from its own module path (`src/a/b.rs` and `src/a/b/mod.rs`
 * are `a::b`), a workspace crate by its name (`-` read as `_`), and a bare first segment as
 * a module declared next to the file (2018 paths) before a crate name. A path names the
 * file of its longest module prefix (`a::b::X` → `src/a/b.rs` or `src/a/b/mod.rs`), whose
 * folder is a module of the wiki. Crates from outside are named by their first segment.
 */
export function rustResolver(ctx: ResolveContext): ResolveUse {
  const crateDirs = new Set<string>();
  const crateByName = new Map<string, string[]>();
  for (const m of ctx.manifests) {
    if (m.kind !== 'cargo') continue;
    const dir = dirOf(m.path);
    crateDirs.add(dir);
    if (m.name) addTo(crateByName, m.name.replace(/-/g, '_'), dir);
  }
  const crateCache = new Map<string, string | undefined>();
  const crateOf = (dir: string): string | undefined => {
    if (crateCache.has(dir)) return crateCache.get(dir);
    const found = crateDirs.has(dir) ? dir : dir === '' ? undefined : crateOf(dirOf(dir));
    crateCache.set(dir, found);
    return found;
  };
  const srcRootOf = (crate: string) => joinPath(crate, 'src');
  const moduleOfFile = (path: string) => ctx.files.get(path)?.module;
  /** The module holding the longest existing module prefix of `segments` below `root`. */
  const locate = (root: string, segments: readonly string[]): Resolution => {
    for (let k = segments.length; k > 0; k--) {
      const at = joinPath(root, segments.slice(0, k).join('/'));
      const module = moduleOfFile(`${at}.rs`) ?? moduleOfFile(`${at}/mod.rs`);
      if (module !== undefined) return { module };
    }
    const rootModule =
      moduleOfFile(joinPath(root, 'lib.rs')) ??
      moduleOfFile(joinPath(root, 'main.rs')) ??
      (ctx.modules.has(root) ? root : undefined);
    return rootModule === undefined ? undefined : { module: rootModule };
  };
  /** `a::b` for `src/a/b.rs` or `src/a/b/mod.rs`; [] for the crate root and `src/bin/*.rs`. */
  const modulePath = (path: string, root: string): string[] => {
    if (!path.startsWith(`${root}/`) && root !== '') return [];
    const rel = (root === '' ? path : path.slice(root.length + 1)).replace(/\.rs$/, '').split('/');
    if (rel[0] === 'bin' || (rel.length === 1 && (rel[0] === 'lib' || rel[0] === 'main'))) return [];
    if (rel[rel.length - 1] === 'mod') rel.pop();
    return rel;
  };

  return (from, spec) => {
    const crate = crateOf(dirOf(from.path));
    const root = crate === undefined ? dirOf(from.path) : srcRootOf(crate);
    const own = modulePath(from.path, root);
    return expandUseTree(spec).map((segments): Resolution => {
      let [first = '', ...rest] = segments;
      if (first === '') {
        [first = '', ...rest] = rest;
        return viaCrate(first, rest);
      }
      if (first === 'crate') return locate(root, rest);
      if (first === 'self') return locate(root, [...own, ...rest]);
      if (first === 'super') {
        let base = own.slice(0, -1);
        let tail = rest;
        for (; tail[0] === 'super'; tail = tail.slice(1)) base = base.slice(0, -1);
        return locate(root, [...base, ...tail]);
      }
      // A module declared beside this file (`mod parser;` then `use parser::X;`).
      const local = joinPath(root, [...own, first].join('/'));
      if (moduleOfFile(`${local}.rs`) !== undefined || moduleOfFile(`${local}/mod.rs`) !== undefined)
        return locate(root, [...own, first, ...rest]);
      return viaCrate(first, rest);
    });
    function viaCrate(name: string, rest: readonly string[]): Resolution {
      const dirs = crateByName.get(name);
      if (dirs?.[0] !== undefined) return locate(srcRootOf(dirs[0]), rest);
      if (!name) return undefined;
      return { external: name };
    }
  };
}
