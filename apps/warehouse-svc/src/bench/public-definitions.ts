import type { CtagsTag } from './ctags.js';
import type { PackageLanguage, SourcePackage } from './packages.js';
import type { SourceTree } from './source-tree.js';

/** A public definition the wiki should mention: a top-level one or a method. */
export interface Definition {
  readonly path: string;
  readonly name: string;
  readonly line: number;
  readonly kind: string;
  /** Enclosing type of a method (as ctags writes it, Go's package prefix removed). */
  readonly scope?: string;
}

export interface PublicDefinitions {
  readonly topLevel: Definition[];
  readonly methods: Definition[];
}

/** Top-level kinds that count per language (ctags long kind names). */
const TOP_KINDS: Record<PackageLanguage, ReadonlySet<string>> = {
  // Module-level assignments are not counted: Python has no declaration to tell a constant
  // from incidental state.
  python: new Set(['class', 'function']),
  go: new Set(['func', 'struct', 'interface', 'type', 'talias', 'const', 'var']),
  java: new Set(['class', 'interface', 'enum', 'annotation']),
  typescript: new Set([
    'function',
    'class',
    'interface',
    'enum',
    'alias',
    'constant',
    'variable',
    'generator',
  ]),
  rust: new Set(['function', 'struct', 'enum', 'interface', 'typedef', 'variable']),
};

const exported = (name: string) => /^\p{Lu}/u.test(name);
const unquote = (pattern: string | undefined) => (pattern ?? '').replace(/^\/\^?/, '').replace(/\$?\/$/, '');
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The public top-level definitions and public methods among `tags` that lie in a file of
 * one of `packages` (tests, examples and other non-package code are not counted). Overloads
 * count once: a definition is its file, enclosing type and name. "Public" per language:
 * - Python: the name (and every enclosing class name) has no leading `_`; top level:
 *   classes and functions, including those under `if`/`try`; methods: functions of a class.
 * - Go: the name starts with an upper-case letter; methods: functions with a receiver and
 *   interface method specs, whose type name is exported too.
 * - Java: top-level types (class, interface, enum, annotation) declared `public`; methods
 *   with ctags access `public` or `protected` (interface members are public) in types that
 *   are themselves public/protected all the way out; constructors are not counted.
 * - TypeScript/JavaScript: exported (`export …` on the definition line, or the name listed
 *   in an `export { … }` clause of the file); methods (incl. getters/setters) of an exported
 *   class or interface that are not `private` or `#private`; constructors not counted.
 *   CommonJS `module.exports` is not read.
 * - Rust: declared `pub` (not `pub(crate)`); methods: `pub fn` in an `impl`, or declared
 *   in a `pub trait`.
 */
export function publicDefinitions(
  tags: readonly CtagsTag[],
  packages: readonly SourcePackage[],
  tree: Pick<SourceTree, 'read'>,
): PublicDefinitions {
  const languageOf = new Map<string, PackageLanguage>();
  for (const p of packages) for (const f of p.files) languageOf.set(f, p.language);
  const byFile = new Map<string, CtagsTag[]>();
  for (const t of tags) {
    if (languageOf.has(t.path)) byFile.set(t.path, [...(byFile.get(t.path) ?? []), t]);
  }
  const topLevel = new Map<string, Definition>();
  const methods = new Map<string, Definition>();
  for (const [path, fileTags] of byFile) {
    const language = languageOf.get(path) as PackageLanguage;
    const rules = RULES[language](fileTags, tree.read(path) ?? '');
    for (const t of fileTags) {
      if (rules.isTopLevel(t)) add(topLevel, { path, name: t.name, line: t.line, kind: t.kind });
      else if (rules.isMethod(t)) {
        const scope = rules.scopeOf(t);
        add(methods, { path, name: t.name, line: t.line, kind: t.kind, ...(scope ? { scope } : {}) });
      }
    }
  }
  const ordered = (m: Map<string, Definition>) =>
    [...m.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
  return { topLevel: ordered(topLevel), methods: ordered(methods) };
}

function add(into: Map<string, Definition>, d: Definition): void {
  const key = `${d.path}\0${d.scope ?? ''}\0${d.name}`;
  const seen = into.get(key);
  if (!seen || d.line < seen.line) into.set(key, d);
}

interface LanguageRules {
  isTopLevel(t: CtagsTag): boolean;
  isMethod(t: CtagsTag): boolean;
  scopeOf(t: CtagsTag): string | undefined;
}

type RuleFactory = (fileTags: readonly CtagsTag[], text: string) => LanguageRules;

const python: RuleFactory = () => ({
  isTopLevel: (t) => !t.scope && TOP_KINDS.python.has(t.kind) && !t.name.startsWith('_'),
  isMethod: (t) =>
    t.kind === 'member' &&
    t.scopeKind === 'class' &&
    !t.name.startsWith('_') &&
    (t.scope ?? '').split('.').every((s) => !s.startsWith('_')),
  scopeOf: (t) => t.scope,
});

const go: RuleFactory = () => {
  const receiver = (t: CtagsTag) => (t.scope ?? '').split('.').pop() ?? '';
  return {
    isTopLevel: (t) =>
      (!t.scope || t.scopeKind === 'package') && TOP_KINDS.go.has(t.kind) && exported(t.name),
    isMethod: (t) =>
      ((t.kind === 'func' && !!t.scope && t.scopeKind !== 'package') || t.kind === 'methodSpec') &&
      exported(t.name) &&
      exported(receiver(t)),
    scopeOf: (t) => receiver(t) || undefined,
  };
};

const java: RuleFactory = (fileTags) => {
  const types = new Map<string, CtagsTag>();
  for (const t of fileTags) {
    if (TOP_KINDS.java.has(t.kind)) types.set(t.scope ? `${t.scope}.${t.name}` : t.name, t);
  }
  /** ctags gives no access for top-level types: `public` must precede the type keyword. */
  const topPublic = (t: CtagsTag) =>
    /\bpublic\b/.test(unquote(t.pattern).split(/\b(?:class|interface|enum|record)\b/)[0] ?? '');
  const visible = (t: CtagsTag) =>
    t.scope ? t.access === 'public' || t.access === 'protected' : topPublic(t);
  const scopeVisible = (scope: string) => {
    const parts = scope.split('.');
    return parts.every((_, i) => {
      const type = types.get(parts.slice(0, i + 1).join('.'));
      return !!type && visible(type);
    });
  };
  return {
    isTopLevel: (t) => !t.scope && TOP_KINDS.java.has(t.kind) && topPublic(t),
    isMethod: (t) =>
      t.kind === 'method' &&
      !!t.scope &&
      (t.access === 'public' || t.access === 'protected') &&
      t.name !== t.scope.split('.').pop() &&
      scopeVisible(t.scope),
    scopeOf: (t) => t.scope,
  };
};

const typescript: RuleFactory = (fileTags, text) => {
  const listed = exportListNames(text);
  /**
   * The definition line declares the name. ctags 5.9 also reports parts of numeric literals
   * (`_147_483_647` from `2_147_483_647`) and locals of method bodies as top-level constants.
   */
  const declares = (t: CtagsTag) =>
    new RegExp(
      `(?:^|[^\\p{L}\\p{N}_$])(?:function\\s*\\*?\\s*|(?:class|interface|enum|type|const|let|var|namespace)\\s+)${escapeRe(t.name)}(?![\\p{L}\\p{N}_$])`,
      'u',
    ).test(unquote(t.pattern));
  const isExported = (t: CtagsTag) =>
    declares(t) && (/^\s*export\b/.test(unquote(t.pattern)) || listed.has(t.name));
  const exportedTop = new Set(fileTags.filter((t) => !t.scope && isExported(t)).map((t) => t.name));
  return {
    isTopLevel: (t) => !t.scope && TOP_KINDS.typescript.has(t.kind) && isExported(t),
    isMethod: (t) =>
      ['method', 'getter', 'setter'].includes(t.kind) &&
      (t.scopeKind === 'class' || t.scopeKind === 'interface') &&
      t.access !== 'private' &&
      !t.name.startsWith('#') &&
      t.name !== 'constructor' &&
      exportedTop.has((t.scope ?? '').split('.')[0] ?? ''),
    scopeOf: (t) => t.scope,
  };
};

/** Local names listed in `export { a, b as c }` clauses and `export default name;`. */
export function exportListNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(/\bexport\s+(?:type\s+)?\{([^}]*)\}(?!\s*from\b)/g)) {
    for (const part of (m[1] ?? '').split(',')) {
      const local = part
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/)[0]
        ?.trim();
      if (local) names.add(local);
    }
  }
  for (const m of text.matchAll(/\bexport\s+default\s+([\p{L}_$][\p{L}\p{N}_$]*)\s*;?\s*$/gmu)) {
    if (m[1] && !['function', 'class', 'async', 'abstract'].includes(m[1])) names.add(m[1]);
  }
  return names;
}

const rust: RuleFactory = (fileTags) => {
  const pub = (t: CtagsTag) =>
    new RegExp(
      `\\bpub\\s+(?:(?:const|async|unsafe|extern(?:\\s+"[^"]*")?)\\s+)*(?:fn|struct|enum|trait|type|const|static|union|mod)\\s+${escapeRe(t.name)}\\b`,
    ).test(unquote(t.pattern));
  const pubTraits = new Set(fileTags.filter((t) => t.kind === 'interface' && pub(t)).map((t) => t.name));
  return {
    isTopLevel: (t) => (!t.scope || t.scopeKind === 'module') && TOP_KINDS.rust.has(t.kind) && pub(t),
    isMethod: (t) =>
      t.kind === 'method' &&
      ((t.scopeKind === 'implementation' && pub(t)) ||
        (t.scopeKind === 'interface' && pubTraits.has(t.scope ?? ''))),
    scopeOf: (t) => t.scope,
  };
};

const RULES: Record<PackageLanguage, RuleFactory> = { python, go, java, typescript, rust };
