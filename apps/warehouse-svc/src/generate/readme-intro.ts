import { stripHtml } from './markdown-escape.js';

/** README characters searched for the first paragraph of prose. @default 32_000 */
const SEARCHED_CHARS = 32_000;
/** Characters of the paragraph kept at most, cut at a word boundary. @default 800 */
export const MAX_INTRO_CHARS = 800;

/**
 * HTML elements that hold a block (a centred logo, a sponsor banner, a badge row) and are
 * closed explicitly; `<p>`, `<li>`, `<td>`… may close implicitly, so they are not counted
 * (a paragraph starting with them is passed over all the same).
 */
const BLOCK_TAG = 'div|center|picture|table|details|section|header|footer|figure|blockquote|h[1-6]';
const OPEN = new RegExp(`<(${BLOCK_TAG})(\\s[^<>]*)?>`, 'gi');
const CLOSE = new RegExp(`</(${BLOCK_TAG})\\s*>`, 'gi');

/**
 * The README's first paragraph of prose, as written (not yet safe Markdown: pass it through
 * `readmeExcerpt`), or undefined. Passed over: anything inside an HTML block (a logo, a
 * sponsor or badge banner, however many blank lines it spans) or starting with a tag,
 * headings (ATX and reST underlined), images, badges and lines made only of links, code
 * fences, reST directives and substitutions, tables, thematic breaks and HTML comments.
 * Inline HTML inside real prose is removed. A paragraph that only repeats `unlike` (the
 * manifest's description) is passed over too. Cut at a word boundary past MAX_INTRO_CHARS.
 */
export function readmeIntro(md: string | undefined, unlike?: string): string | undefined {
  if (!md) return undefined;
  const text = stripComments(md.slice(0, SEARCHED_CHARS));
  // An HTML block left open to the end (broken markup) would hide the whole README.
  return firstProse(text, true, unlike) ?? firstProse(text, false, unlike);
}

function firstProse(md: string, trackBlocks: boolean, unlike: string | undefined): string | undefined {
  let depth = 0;
  let fenced = false;
  for (const para of md.split(/\r?\n[ \t]*\r?\n/)) {
    const raw = para.trim();
    const fences = raw.split('\n').filter((l) => /^ {0,3}(```|~~~)/.test(l)).length;
    const inside = (trackBlocks && depth > 0) || fenced;
    depth = Math.max(0, depth + count(raw, OPEN) - count(raw, CLOSE));
    if (fences % 2 === 1) fenced = !fenced;
    if (inside || fences > 0 || raw.startsWith('<')) continue;
    const prose = stripHtml(raw.replace(/^ {0,3}> ?/gm, '')).trim();
    if (!prose || !isProse(prose)) continue;
    const line = prose.replace(/[ \t]*\r?\n[ \t]*/g, ' ');
    if (unlike === undefined || !repeats(line, unlike)) return cut(line);
  }
  return undefined;
}

function isProse(text: string): boolean {
  const lines = text.split('\n');
  const first = lines[0] ?? '';
  if (/^ {0,3}(#|\||[-*_]{3,}\s*$|\[!|([-*+]|\d{1,9}[.)])\s)/.test(first)) return false;
  // reST: a title with its underline, a directive (`.. image::`), a substitution (`|badge|`).
  if (/^([=\-~^"'`#*+])\1{2,}\s*$/.test(lines[1] ?? '') || /^([=\-~^"'`#*+])\1{2,}\s*$/.test(first))
    return false;
  if (/^\.\. /.test(first) || /^\|[^|]+\|\s*$/.test(first)) return false;
  // What is left once images, links and separators are gone must be words.
  const words = text
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[(!\[[^\]]*\]\([^)]*\)|[^\]]*)\]\([^)]*\)/g, '')
    .replace(/\[[^\]]*\]\[[^\]]*\]/g, '')
    .replace(/https?:\/\/\S+/g, '')
    .replace(/[\s|·•–—:,;.!?()[\]*_`-]+/g, ' ')
    .trim();
  return /\p{L}{2,}/u.test(words) && words.split(' ').length >= 3;
}

function stripComments(md: string): string {
  return md.replace(/<!--[\s\S]*?(-->|$)/g, '');
}

function count(text: string, re: RegExp): number {
  return [...text.matchAll(re)].filter((m) => !m[0].endsWith('/>')).length;
}

/** `text` up to MAX_INTRO_CHARS, cut after a whole word with "…" appended. */
function cut(text: string): string {
  const chars = Array.from(text);
  if (chars.length <= MAX_INTRO_CHARS) return text;
  const head = chars.slice(0, MAX_INTRO_CHARS).join('');
  const space = head.lastIndexOf(' ');
  return `${(space > 0 ? head.slice(0, space) : head).replace(/[\s,;:]+$/, '')}…`;
}

/** Extra words a paragraph may have and still only repeat the description ("Ky is a …"). @default 4 */
const REPEAT_SLACK_WORDS = 4;

/** True when one text holds the other's words in order with at most a few more. */
export function repeats(a: string, b: string): boolean {
  const words = (s: string) =>
    s
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
  const [x, y] = [words(a), words(b)];
  if (!x || !y) return false;
  const [long, short] = x.length >= y.length ? [x, y] : [y, x];
  return long.includes(short) && long.split(' ').length - short.split(' ').length <= REPEAT_SLACK_WORDS;
}
