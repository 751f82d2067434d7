/**
 * What a repository author controls reaches the map as file names and page names: a url
 * must stay a repository path that readers prefix with the repository's web address, and
 * a title one line of plain text (issue 12, finding 4). The character set is the one
 * warehouse-svc refuses in file names (C0/C1 controls, DEL, bidirectional controls).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/**
 * True when `path` may be a map url: no control character, no backslash, not absolute or
 * `//host`, and no first segment a browser would read as a scheme (`javascript:x/a.js`).
 */
export function isMapPath(path: string): boolean {
  if (new RegExp(CONTROL.source).test(path) || path.includes('\\') || path.startsWith('/')) return false;
  return !SCHEME.test(path.split('/', 1)[0] ?? '');
}

/** Characters of a title kept at most. @default 200 */
const MAX_TITLE_CHARS = 200;

/** `value` as one line of plain text (controls removed), or `fallback` when nothing is left. */
export function mapTitle(value: string, fallback: string): string {
  const chars = Array.from(value.replace(CONTROL, ' ').replace(/ {2,}/g, ' ').trim());
  const title =
    chars.length > MAX_TITLE_CHARS ? `${chars.slice(0, MAX_TITLE_CHARS - 1).join('')}…` : chars.join('');
  return title || fallback;
}
