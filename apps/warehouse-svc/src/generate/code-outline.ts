import { posix } from 'node:path';
import type { CodeOutline, OutlineMember, OutlineModule } from '@repowiki/contracts';
import type { AnalyzedFile, RepositoryAnalysis } from '../analysis/analyze-repository.js';
import { byCodeUnits } from '../analysis/detect-modules.js';
import { type SymbolInfo, TYPE_KINDS } from '../analysis/symbol-types.js';
import { isAuxiliary } from './auxiliary.js';
import { rankSymbols } from './importance.js';
import { filesOf } from './module-files.js';
import { kindLabel, moduleTitle } from './wiki-urls.js';

/** Key symbols kept per module. @default 12 */
export const MAX_OUTLINE_SYMBOLS = 12;
/** Key members kept per symbol. @default 8 */
export const MAX_OUTLINE_MEMBERS = 8;
/**
 * Symbols and members kept in all (a mind map shows 500 nodes at most): past it, the ones of
 * lowest rank go first (the n-th symbol of every module before the n+1-th of any). @default 3_000
 */
export const MAX_OUTLINE_ENTRIES = 3_000;

const ENTRY_FILE = /^(index\.[cm]?[jt]sx?|__init__\.py|doc\.go|lib\.rs|main\.rs|mod\.rs|package-info\.java)$/;

/**
 * The code outline other services read (`CodeOutlineSchema`): every module with source files,
 * the project's own first (most public symbols), examples and benchmarks last; per module its
 * public top-level symbols, types first, each group most important first (importance.ts);
 * per symbol its public members, most mentioned first (overloads once). Constructors are left
 * out. A module's anchor is its entry file, else the file with its package doc, else its first.
 */
export function codeOutline(a: RepositoryAnalysis, commit: string, repoName: string): CodeOutline {
  const modules: OutlineModule[] = [];
  for (const m of a.modules) {
    const files = filesOf(a, m.key);
    const first = files[0];
    if (!first) continue;
    const ranked = rankSymbols(a, m.key, files);
    const types = ranked.filter((r) => TYPE_KINDS.has(r.symbol.kind));
    const others = ranked.filter((r) => !TYPE_KINDS.has(r.symbol.kind));
    const symbols = [...types, ...others]
      .slice(0, MAX_OUTLINE_SYMBOLS)
      .map(({ file, symbol }) => ({ ...entry(file, symbol), members: membersOf(a, files, symbol) }));
    modules.push({
      key: m.key,
      name: moduleTitle(m, repoName),
      kind: kindLabel(m),
      anchor: (
        files.find((f) => ENTRY_FILE.test(posix.basename(f.path))) ??
        files.find((f) => f.packageDoc) ??
        first
      ).path,
      symbols,
    });
  }
  const publicCount = new Map(modules.map((m) => [m.key, publicSymbols(a, m.key)]));
  const fileCount = (m: OutlineModule) => filesOf(a, m.key).length;
  modules.sort(
    (x, y) =>
      Number(isAuxiliary(x.key)) - Number(isAuxiliary(y.key)) ||
      (publicCount.get(y.key) ?? 0) - (publicCount.get(x.key) ?? 0) ||
      fileCount(y) - fileCount(x) ||
      byCodeUnits(x.key, y.key),
  );
  return { commit, modules: trim(modules) };
}

const entry = (file: AnalyzedFile, s: SymbolInfo): OutlineMember => ({
  name: s.name,
  kind: s.kind,
  path: file.path,
  line: s.line,
  endLine: Math.max(s.line, s.endLine),
});

/** Public members whose owner is `symbol` (in any file of the module: Go methods, Rust impls). */
function membersOf(
  a: RepositoryAnalysis,
  files: readonly AnalyzedFile[],
  symbol: SymbolInfo,
): OutlineMember[] {
  if (!TYPE_KINDS.has(symbol.kind)) return [];
  const found: { member: OutlineMember; refs: number }[] = [];
  for (const file of files)
    for (const s of file.symbols)
      if (s.owner === symbol.name && s.exported && s.kind !== 'constructor')
        found.push({ member: entry(file, s), refs: a.mentions.get(s.name) ?? 0 });
  found.sort(
    (x, y) => y.refs - x.refs || byCodeUnits(x.member.path, y.member.path) || x.member.line - y.member.line,
  );
  // Overloads are one member on a map: the first one (in source order) stands for them.
  const seen = new Set<string>();
  return found
    .filter((f) => !seen.has(f.member.name) && seen.add(f.member.name))
    .slice(0, MAX_OUTLINE_MEMBERS)
    .map((f) => f.member);
}

function publicSymbols(a: RepositoryAnalysis, key: string): number {
  let n = 0;
  for (const f of filesOf(a, key)) for (const s of f.symbols) if (s.exported && s.owner === undefined) n++;
  return n;
}

/**
 * At most MAX_OUTLINE_ENTRIES symbols and members: by rank (a symbol's place in its module;
 * a member's is the larger of its own and its symbol's), symbols before members at a rank,
 * then module order. A member is never kept without its symbol.
 */
function trim(modules: OutlineModule[]): OutlineModule[] {
  const ranked: { rank: number; depth: number; m: number; s: number; k: number }[] = [];
  modules.forEach((mod, m) => {
    mod.symbols.forEach((sym, s) => {
      ranked.push({ rank: s, depth: 0, m, s, k: -1 });
      sym.members.forEach((_, k) => {
        ranked.push({ rank: Math.max(s, k), depth: 1, m, s, k });
      });
    });
  });
  if (ranked.length <= MAX_OUTLINE_ENTRIES) return modules;
  ranked.sort((x, y) => x.rank - y.rank || x.depth - y.depth || x.m - y.m || x.s - y.s || x.k - y.k);
  const kept = new Set(ranked.slice(0, MAX_OUTLINE_ENTRIES).map((r) => `${r.m}/${r.s}/${r.k}`));
  return modules.map((mod, m) => ({
    ...mod,
    symbols: mod.symbols
      .filter((_, s) => kept.has(`${m}/${s}/-1`))
      .map((sym) => {
        const s = mod.symbols.indexOf(sym);
        return { ...sym, members: sym.members.filter((_, k) => kept.has(`${m}/${s}/${k}`)) };
      }),
  }));
}
