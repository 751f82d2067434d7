/** Identifiers shorter than this are not counted (`i`, `ok`, `id` say nothing). @default 3 */
const MIN_WORD = 3;
/** Distinct identifiers kept per file at most (a generated table would add thousands). @default 5_000 */
const MAX_WORDS = 5_000;

const WORD = /[A-Za-z_$][A-Za-z0-9_$]*/g;

/**
 * The distinct identifier-like words of a source file, comments and strings included:
 * the analysis counts, per symbol name, the files that mention it ("referenced most").
 * A regular expression over the text, not a tree walk: tree walks cost more than the parse.
 */
export function mentionedWords(source: string): string[] {
  const words = new Set<string>();
  for (const m of source.matchAll(WORD)) {
    if (m[0].length >= MIN_WORD) words.add(m[0]);
    if (words.size >= MAX_WORDS) break;
  }
  return [...words];
}
