import type { AnalyzedFile, RepositoryAnalysis } from '../analysis/analyze-repository.js';
import { type SymbolInfo, TYPE_KINDS } from '../analysis/symbol-types.js';
import { type Citations, citeFile, citeLines } from './citations.js';
import { count } from './format.js';
import { rankSymbols } from './importance.js';
import { mdCode as code, mdText as text } from './markdown-escape.js';
import { pageLink } from './wiki-urls.js';

/** Symbols a module page lists under "Key symbols" at most; the rest are on its API page. @default 20 */
export const MAX_KEY_SYMBOLS = 20;
/** Member nesting shown (types in types); deeper members are listed under the deepest shown. @default 4 */
const MAX_NESTING = 4;

/** Where a symbol is: its lines, as text or a link (citations). */
export type Locate = (path: string, s: SymbolInfo) => string;
export const plainLines: Locate = (_path, s) =>
  s.endLine > s.line ? `lines ${s.line}–${s.endLine}` : `line ${s.line}`;

const qualified = (s: SymbolInfo) => (s.owner ? `${s.owner}.${s.name}` : s.name);

/** One symbol: name, kind, signature (when it says more than the name), where, doc summary. */
export function symbolItem(s: SymbolInfo, where: string): string {
  const signature = s.signature && s.signature !== s.name ? ` — ${code(s.signature)}` : '';
  // The doc is plain text already (doc-text.ts removed its markup and HTML); mdText escapes it.
  const doc = s.doc ? `: ${text(s.doc)}` : '';
  return `**${code(s.name)}** ${text(s.kind)}${signature} (${where})${doc}`;
}

/** The public top-level symbols of a module worth knowing first, by importance; the rest counted and linked. */
export function keySymbols(
  a: RepositoryAnalysis,
  moduleKey: string,
  files: readonly AnalyzedFile[],
  api: { url: string; title: string },
  locate: Locate = plainLines,
): string[] {
  const ranked = rankSymbols(a, moduleKey, files);
  if (ranked.length === 0) return [`No public symbols found; see ${pageLink(api.title, api.url)}.`];
  const out = ranked.slice(0, MAX_KEY_SYMBOLS).map(({ file, symbol }) => {
    const members = file.symbols.filter((m) => m.owner === symbol.name && m.exported).length;
    const where = `${code(file.path)}, ${locate(file.path, symbol)}`;
    return `- ${symbolItem(symbol, where)}${members ? ` (${count(members, 'public member')})` : ''}`;
  });
  if (ranked.length > MAX_KEY_SYMBOLS)
    out.push(`- … ${ranked.length - MAX_KEY_SYMBOLS} more on ${pageLink(api.title, api.url)}`);
  return out;
}

/**
 * The API reference of one file: its public top-level symbols by importance, each with
 * its public members (nested types nested) in source order; members whose type is
 * declared elsewhere (Go methods, Rust impls) under their type's name; then the names of
 * what is not public.
 */
export function fileApi(
  a: RepositoryAnalysis,
  moduleKey: string,
  file: AnalyzedFile,
  locate: Locate = plainLines,
): string[] {
  const out: string[] = [];
  const byOwner = new Map<string, SymbolInfo[]>();
  for (const s of file.symbols) {
    if (s.owner === undefined || !s.exported) continue;
    const list = byOwner.get(s.owner);
    if (list) list.push(s);
    else byOwner.set(s.owner, [s]);
  }
  const shown = new Set<string>();
  const members = (owner: string, depth: number) => {
    for (const m of byOwner.get(owner) ?? []) {
      out.push(`${'  '.repeat(depth)}- ${symbolItem(m, locate(file.path, m))}`);
      shown.add(owner);
      if (TYPE_KINDS.has(m.kind) && depth < MAX_NESTING) members(qualified(m), depth + 1);
    }
  };
  for (const { symbol } of rankSymbols(a, moduleKey, [file])) {
    out.push(`- ${symbolItem(symbol, locate(file.path, symbol))}`);
    if (TYPE_KINDS.has(symbol.kind)) members(symbol.name, 1);
  }
  const topNames = new Set(file.symbols.filter((s) => s.owner === undefined).map((s) => s.name));
  for (const owner of [...byOwner.keys()].filter((o) => !topNames.has(o.split('.')[0] ?? o))) {
    if (shown.has(owner)) continue;
    out.push(`- members of ${code(owner)}:`);
    members(owner, 1);
  }
  const hidden = file.symbols.filter((s) => !s.exported);
  if (hidden.length > 0) out.push('', `Not public: ${hidden.map((s) => code(qualified(s))).join(', ')}.`);
  if (file.truncated)
    out.push('', `… ${file.truncated} more declarations in ${code(file.path)} are past the per-file limit.`);
  return out;
}

/** The API reference of some files of a module: a section per file with symbols, then the files without any. */
export function apiSections(
  a: RepositoryAnalysis,
  moduleKey: string,
  files: readonly AnalyzedFile[],
  citations?: Citations,
): string[] {
  const out: string[] = [];
  const bare: AnalyzedFile[] = [];
  const locate: Locate = (path, s) => citeLines(citations, path, s);
  for (const f of files) {
    if (f.symbols.length === 0) {
      bare.push(f);
      continue;
    }
    out.push(`### ${citeFile(citations, f.path)}`, '', ...fileApi(a, moduleKey, f, locate), '');
  }
  if (bare.length > 0)
    out.push(
      '### Files without extracted symbols',
      '',
      ...bare.map((f) => `- ${citeFile(citations, f.path)}${f.language ? ` (${text(f.language)})` : ''}`),
    );
  return out.length > 0 ? out : ['No files.'];
}
