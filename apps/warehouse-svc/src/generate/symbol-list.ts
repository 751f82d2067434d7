import type { AnalyzedFile } from '../analysis/analyze-repository.js';
import type { SymbolInfo } from '../analysis/symbols.js';
import { mdCode as code, stripHtml, mdText as text } from './markdown-escape.js';
import { pageLink } from './wiki-urls.js';

/** Symbols a module page lists under "Key symbols" at most; the rest are on its API page. @default 20 */
export const MAX_KEY_SYMBOLS = 20;

const docOf = (s: SymbolInfo) => (s.doc ? text(stripHtml(s.doc)) : '');

/** One symbol as a list item: kind, name, where, first sentence of its doc. */
function symbolLine(s: SymbolInfo, where: string): string {
  const doc = docOf(s);
  return `- ${text(s.kind)} **${code(s.name)}** (${where})${doc ? `: ${doc}` : ''}`;
}

/** The public symbols of `files` worth knowing first; the rest counted and linked to the API page. */
export function keySymbols(files: readonly AnalyzedFile[], apiUrl: string, apiTitle: string): string[] {
  const all = files.flatMap((f) => f.symbols.filter((s) => s.exported).map((s) => ({ f, s })));
  if (all.length === 0) return [`No public symbols found; see ${pageLink(apiTitle, apiUrl)}.`];
  const out = all
    .slice(0, MAX_KEY_SYMBOLS)
    .map(({ f, s }) => symbolLine(s, `${code(f.path)}, line ${s.line}`));
  if (all.length > MAX_KEY_SYMBOLS)
    out.push(`- … ${all.length - MAX_KEY_SYMBOLS} more on ${pageLink(apiTitle, apiUrl)}`);
  return out;
}

/** The API reference of some files: a section per file with symbols, then the files without any. */
export function apiSections(files: readonly AnalyzedFile[]): string[] {
  const out: string[] = [];
  const bare: AnalyzedFile[] = [];
  for (const f of files) {
    if (f.symbols.length === 0) {
      bare.push(f);
      continue;
    }
    out.push(`### ${code(f.path)}`, '');
    for (const s of f.symbols) out.push(symbolLine(s, `line ${s.line}`));
    out.push('');
  }
  if (bare.length > 0)
    out.push(
      '### Files without extracted symbols',
      '',
      ...bare.map((f) => `- ${code(f.path)}${f.language ? ` (${text(f.language)})` : ''}`),
    );
  return out.length > 0 ? out : ['No files.'];
}
