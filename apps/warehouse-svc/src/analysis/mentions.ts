/** Distinct identifiers kept per file at most (a generated table would add thousands). @default 5_000 */
const MAX_WORDS = 5_000;

/** Identifiers of 3+ characters (`i`, `ok`, `id` say nothing). */
const WORD = /[A-Za-z_$][A-Za-z0-9_$]{2,}/g;

/**
 * The distinct identifier-like words of a source file, comments and strings included:
 * the analysis counts, per symbol name, the files that mention it ("referenced most").
 * A regular expression over the text, not a tree walk: tree walks cost more than the parse.
 */
export function mentionedWords(source: string): string[] {
  const words = new Set<string>();
  for (const word of source.match(WORD) ?? []) {
    words.add(word);
    if (words.size >= MAX_WORDS) break;
  }
  return [...words];
}
