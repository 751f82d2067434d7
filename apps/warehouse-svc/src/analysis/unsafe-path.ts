/**
 * Characters no repository text keeps on its way into the wiki: C0 and C1 controls (tab,
 * newline, carriage return, ESC, NUL…), DEL, and the bidirectional marks, embeddings,
 * overrides and isolates that make text show in another order than it is read ("Trojan
 * Source"). One definition for the path check below and for `generate/markdown-escape.ts`.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
export const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * True when a repository path holds one of `CONTROL_CHARS`. Such files are not analysed:
 * their names cannot be shown faithfully, and a newline in a name would start a new line
 * in every page, tree and list that shows it.
 */
export function hasUnsafePathChars(path: string): boolean {
  return ONE_CONTROL_CHAR.test(path);
}
const ONE_CONTROL_CHAR = new RegExp(CONTROL_CHARS.source);

/** `path` with each of `CONTROL_CHARS` shown as U+FFFD, for the note about such a file. */
export function showUnsafePath(path: string): string {
  return path.replace(CONTROL_CHARS, '\uFFFD');
}
