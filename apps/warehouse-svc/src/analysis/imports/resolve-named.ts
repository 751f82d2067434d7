import type { ModuleKind } from '../module-layout.js';
import {
  addTo,
  isInternalName,
  longestPrefix,
  nearest,
  prefixSet,
  type Resolve,
  type ResolveContext,
} from './resolve-context.js';

/**
 * Go: an import path names one package directory: the module whose go.mod path plus folder
 * is exactly that path. A path inside one of the repository's Go modules that names no
 * package here (only tests, or a typo) is ignored; others are outside packages, named by
 * their repository (`github.com/x/y`) or, for the standard library, by the whole path.
 */
export function goResolver(ctx: ResolveContext): Resolve {
  const names = namesOf(ctx, 'go-package');
  const roots = ctx.manifests.filter((m) => m.kind === 'go' && m.name).map((m) => m.name as string);
  return (from, spec) => {
    const keys = names.get(spec);
    if (keys) {
      const key = nearest(keys, from.path);
      return key === undefined ? undefined : { module: key };
    }
    if (roots.some((r) => spec === r || spec.startsWith(`${r}/`))) return undefined;
    const segments = spec.split('/');
    return { external: segments[0]?.includes('.') ? segments.slice(0, 3).join('/') : spec };
  };
}

/**
 * Java (and other JVM files, which the Java files may import): a fully qualified import
 * names a class, found by its package and file name (`com.acme.core.Gson` →
 * `…/com/acme/core/Gson.java`, in whichever Maven/Gradle module holds it), or, with a
 * static member or a nested class after it, its longest such prefix; `import a.b.*` names
 * the package. Outside packages are named by the segments before the first capitalised
 * one (`org.junit.Test` → `org.junit`).
 */
export function jvmResolver(ctx: ResolveContext): Resolve {
  const packages = namesOf(ctx, 'java-package');
  const classes = new Map<string, string>();
  for (const f of ctx.files.values()) {
    if (f.module === undefined) continue;
    const m = ctx.modules.get(f.module);
    if (m?.kind !== 'java-package') continue;
    const stem = f.path.slice(f.path.lastIndexOf('/') + 1).replace(/\.[^.]+$/, '');
    const fqcn = m.name ? `${m.name}.${stem}` : stem;
    if (!classes.has(fqcn)) classes.set(fqcn, f.module);
  }
  const prefixes = prefixSet(packages.keys(), '.');
  return (from, spec) => {
    for (let end = spec.length; end > 0; end = spec.lastIndexOf('.', end - 1)) {
      const name = spec.slice(0, end);
      const cls = classes.get(name);
      if (cls !== undefined) return { module: cls };
      const keys = packages.get(name);
      if (keys) {
        const key = nearest(keys, from.path);
        return key === undefined ? undefined : { module: key };
      }
    }
    const segments = spec.split('.');
    const upper = segments.findIndex((s) => /^[A-Z*]/.test(s));
    const pkg = segments.slice(0, upper < 0 ? segments.length : Math.max(1, upper)).join('.');
    return isInternalName(pkg, '.', packages, prefixes) ? undefined : { external: pkg };
  };
}

/**
 * C#: `using A.B;` names a namespace (`using static A.B.C;` a type in one): the modules
 * declaring the longest prefix of it, the one nearest the importing file when several
 * folders declare it. Outside namespaces are named as written.
 */
export function csharpResolver(ctx: ResolveContext): Resolve {
  const names = namesOf(ctx, 'csharp-namespace');
  const prefixes = prefixSet(names.keys(), '.');
  return (from, spec) => {
    const keys = longestPrefix(spec, '.', names);
    if (keys) {
      const key = nearest(keys, from.path);
      return key === undefined ? undefined : { module: key };
    }
    return isInternalName(spec, '.', names, prefixes) ? undefined : { external: spec };
  };
}

/** Module name → keys, for the modules of one kind. */
function namesOf(ctx: ResolveContext, kind: ModuleKind): Map<string, string[]> {
  const names = new Map<string, string[]>();
  for (const m of ctx.modules.values()) if (m.kind === kind && m.name) addTo(names, m.name, m.key);
  return names;
}
