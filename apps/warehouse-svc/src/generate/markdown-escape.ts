/**
 * The one place where text from a repository becomes Markdown. Everything a repository
 * author controls (file and folder names, manifest fields, scripts, symbol names,
 * docstrings, commit titles, README text) reaches a page only through these functions, so
 * a page holds no raw HTML, no link or image to a `javascript:`/`data:`/`vbscript:`/`file:`
 * target, no Markdown structure the value did not come with, and no Mermaid statement
 * outside its quoted label (issue 12, finding 4).
 *
 * Terminology:
 * - inline text: one line of prose; every Markdown and HTML metacharacter is escaped, so
 *   it renders as the characters it holds, also inside a GFM table cell.
 * - code span: a value shown verbatim in monospace (paths, commands, dependency names).
 * - safe link target: an `http:`/`https:` URL without credentials, or a relative reference
 *   (no scheme, not `//host`), percent-encoded so no renderer can read it differently.
 */

import { CONTROL_CHARS, hasUnsafePathChars } from '../analysis/unsafe-path.js';

/** Characters of inline text kept at most; the rest is cut with "…". @default 1_000 */
export const MAX_INLINE_CHARS = 1_000;

/**
 * A length limit, passed as an object so that `values.map(mdText)` (which would pass the
 * array index as a second argument) does not compile.
 */
export interface Limit {
  /** Characters kept at most. @default MAX_INLINE_CHARS */
  readonly max?: number;
}

// Line breaks (CommonMark knows \n and \r; browsers and editors also U+2028/U+2029/NEL)
// and tabs become spaces; the other CONTROL_CHARS are dropped (NUL cannot even be stored
// in PostgreSQL; bidirectional overrides would show a name in another order than it reads).
const LINE_BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]/g;
const CONTROLS = CONTROL_CHARS;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `value` with each lone surrogate (unstorable as UTF-8) replaced by U+FFFD. */
export function wellFormed(value: string): string {
  return value.replace(LONE_SURROGATE, '\uFFFD');
}

/**
 * One line of plain text: line breaks and tabs become spaces, controls are dropped, lone
 * surrogates become U+FFFD, runs of spaces collapse, and the result is trimmed and cut at
 * `max` characters (never inside a surrogate pair). For fields stored as plain text
 * (catalog names, mind-map titles) and as the first step of every escape below.
 */
export function plainLine(value: string, { max = MAX_INLINE_CHARS }: Limit = {}): string {
  const line = wellFormed(value)
    .replace(LINE_BREAKS, ' ')
    .replace(CONTROLS, '')
    .replace(/ {2,}/g, ' ')
    .trim();
  const chars = Array.from(line);
  return chars.length <= max ? line : `${chars.slice(0, max - 1).join('')}…`;
}

// CommonMark's backslash escapes for every ASCII punctuation character that can start
// Markdown structure anywhere in a line: emphasis, code, links, images, tables, extension
// syntax (`{…}` attributes, `$…$` math, `~~` strike-through). `<`, `>` and `&` become
// character references instead, which every Markdown renderer decodes to text, so no HTML
// tag, autolink or entity trick survives.
const INLINE_META = /[\\`*_[\]{}|~$<>&]/g;
const HTML_CHARS: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;' };

/**
 * Inline text: `value` rendered as exactly its characters, on one line, safe anywhere a
 * line of prose or a GFM table cell may stand (also at the start of a line: a leading
 * `#`, `>`, `-`, `+`, `=`, `:` or `1.` is escaped too).
 */
export function mdText(value: string, limit: Limit = {}): string {
  const escaped = plainLine(value, limit).replace(INLINE_META, (c) => HTML_CHARS[c] ?? `\\${c}`);
  return escaped.replace(/^([#>+\-=:])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
}

/**
 * A code span showing `value` verbatim (controls removed, one line): its delimiter is a
 * backtick run longer than any inside, padded when the value starts or ends with a
 * backtick. Not for GFM table cells (a `|` there splits the cell): use `mdText` in tables.
 */
export function mdCode(value: string, limit: Limit = {}): string {
  const text = plainLine(value, limit);
  if (text === '') return '` `';
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * A fenced code block holding `lines` verbatim; the fence is longer than any backtick run
 * in them, so no line can close it. `info` keeps only `[A-Za-z0-9_+-]` (a language name).
 */
export function mdFence(lines: readonly string[], info = ''): string[] {
  const clean = lines.map((l) => wellFormed(l).replace(CONTROLS, (c) => (c === '\t' ? c : '')));
  const longest = Math.max(2, ...clean.flatMap((l) => (l.match(/`+/g) ?? []).map((run) => run.length)));
  const fence = '`'.repeat(longest + 1);
  return [`${fence}${info.replace(/[^A-Za-z0-9_+-]/g, '')}`, ...clean, fence];
}

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
// Characters a link destination may hold as they are. Everything else is percent-encoded:
// `&` (no character reference can spell a scheme), `\` (no backslash escape), `(`, `)`,
// `<`, `>`, quotes, spaces and controls (no early end of the destination).
// An http(s) URL keeps `&` (query strings): its scheme and host are already fixed.
const HREF_KEEP = /[A-Za-z0-9\-._~/?#=+,;:@!$*%]/;
const URL_KEEP = /[A-Za-z0-9\-._~/?#=+,;:@!$*%&]/;

const utf8 = new TextEncoder();
const percent = (b: number) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`;

function encodeHref(href: string, keep = HREF_KEEP): string {
  let out = '';
  for (const ch of href) out += keep.test(ch) ? ch : [...utf8.encode(ch)].map(percent).join('');
  return out;
}

/**
 * The link target to write for `target`, or undefined when it is not allowed. Allowed:
 * `http:`/`https:` URLs without user or password, and relative references (no scheme, not
 * protocol-relative `//host`, no backslash). Any control or space character before the
 * scheme is refused as well, since browsers strip them (`java\tscript:`).
 */
export function safeLinkTarget(target: string): string | undefined {
  if (target === '' || /^\s/.test(target) || hasUnsafePathChars(target)) return undefined;
  if (SCHEME.test(target)) {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      return undefined;
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password)
      return undefined;
    return encodeHref(url.href, URL_KEEP);
  }
  if (target.startsWith('//') || target.includes('\\')) return undefined;
  // "a:b/c" would read as scheme "a:"; "./a:b/c" would not, but a path like that is odd
  // enough to refuse. Encoded colons (%3A) are fine: `relativeHref` writes those.
  const firstSegment = target.split(/[/?#]/, 1)[0] ?? '';
  if (firstSegment.includes(':')) return undefined;
  return encodeHref(target);
}

/** A relative link target for a repository path or wiki slug, each segment percent-encoded. */
export function relativeHref(path: string): string {
  return path
    .split('/')
    .map((segment) =>
      encodeURIComponent(wellFormed(segment)).replace(/[!'()*]/g, (c) => percent(c.charCodeAt(0))),
    )
    .join('/');
}

/** A Markdown link; plain inline text when `target` is not a safe link target. */
export function mdLink(text: string, target: string): string {
  const href = safeLinkTarget(target);
  const label = mdText(text) || mdText(target) || 'link';
  return href === undefined ? label : `[${label}](${href})`;
}

/**
 * A link whose text is a code span (`` [`src/a.py`](…) ``): a path or name shown verbatim
 * that leads to its source. The plain code span when `target` is not a safe link target.
 */
export function mdCodeLink(value: string, target: string, limit: Limit = {}): string {
  const href = safeLinkTarget(target);
  const span = mdCode(value, limit);
  return href === undefined ? span : `[${span}](${href})`;
}

/** Characters a Mermaid label keeps as they are; any other ASCII becomes an entity code. */
const MERMAID_KEEP = /[A-Za-z0-9 _\-./@:,+]/;
/** Characters of a Mermaid label kept at most. @default 200 */
export const MAX_MERMAID_LABEL_CHARS = 200;

/**
 * A Mermaid node label in double quotes (`m0["…"]`, Mermaid 11). Mermaid decodes its own
 * entity codes (`#quot;`, `#60;`) in the whole diagram text before parsing, so `"` becomes
 * `#quot;` and every other ASCII character outside letters, digits and ` _-./@:,+` its
 * decimal code (`<` → `#60;`, `#` → `#35;`, `%` → `#37;`, `` ` `` → `#96;`): the label can
 * neither end its string, nor start a directive (`%%{…}%%`), a Markdown string or HTML.
 * Node ids are never derived from repository text: callers number them (`m0`, `m1`, …).
 */
export function mermaidLabel(value: string): string {
  let out = '';
  for (const ch of plainLine(value, { max: MAX_MERMAID_LABEL_CHARS })) {
    const code = ch.codePointAt(0) ?? 0;
    if (code > 0x7f || MERMAID_KEEP.test(ch)) out += ch;
    else out += ch === '"' ? '#quot;' : `#${code};`;
  }
  return `"${out}"`;
}

/**
 * Prose that may hold HTML (docstrings, README paragraphs): comments and tags removed, a
 * `<` that opens no tag kept as text, code spans (`` `<T>` ``) left as they are. Linear
 * in the length of `value` but for code spans, whose closing run is searched for each
 * opening run: callers pass bounded text (a README excerpt, a docstring). Callers then
 * escape the result; this function alone makes nothing safe.
 */
export function stripHtml(value: string): string {
  const n = value.length;
  const lower = value.toLowerCase();
  // Next `<`, backtick and backslash at or after i; each is searched again only once
  // passed, and once no `>` follows some position none follows a later one: linear.
  const next = { '<': -1, '`': -1, '\\': -1 };
  const after = (ch: keyof typeof next, from: number) => {
    if (next[ch] < from) {
      const at = value.indexOf(ch, from);
      next[ch] = at < 0 ? n : at;
    }
    return next[ch];
  };
  let noGreaterThanFrom = n;
  let out = '';
  let i = 0;
  while (i < n) {
    const stop = Math.min(after('<', i), after('`', i), after('\\', i));
    out += value.slice(i, stop);
    i = stop;
    if (i >= n) break;
    const ch = value[i];
    if (ch === '\\') {
      // A Markdown escape (`\<`) is text, never the start of a tag or code span.
      out += value.slice(i, i + 2);
      i += 2;
    } else if (ch === '`') {
      let runEnd = i;
      while (value[runEnd] === '`') runEnd++;
      const close = findRun(value, runEnd - i, runEnd);
      const end = close < 0 ? runEnd : close + runEnd - i;
      out += value.slice(i, end);
      i = end;
    } else if (value.startsWith('<!--', i)) {
      const end = value.indexOf('-->', i + 4);
      i = end < 0 ? n : end + 3;
    } else if (autolinkAt(value, i)) {
      // `<https://…>` is a link, not a tag: kept for the caller to check and escape.
      out += '<';
      i++;
    } else if (/[A-Za-z/!?]/.test(value[i + 1] ?? '') && i < noGreaterThanFrom) {
      const end = value.indexOf('>', i + 1);
      if (end < 0) noGreaterThanFrom = i;
      out += end < 0 ? '<' : '';
      i = end < 0 ? i + 1 : skipElementBody(lower, i, end + 1);
    } else {
      out += '<';
      i++;
    }
  }
  return out;
}

/** After `<script…>` or `<style…>`, the index past its closing tag: their text is no prose. */
function skipElementBody(lower: string, start: number, afterTag: number): number {
  const name = /^<(script|style)\b/.exec(lower.slice(start, start + 8))?.[1];
  if (!name) return afterTag;
  const close = lower.indexOf(`</${name}`, afterTag);
  if (close < 0) return lower.length;
  const end = lower.indexOf('>', close);
  return end < 0 ? lower.length : end + 1;
}

// Sticky, so no substring is copied per `<`; `[^\s<>]*` stops at the next `<`, so all
// attempts together read the text once.
const AUTOLINK = /<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>/y;

/** True when an autolink (`<https://…>`) starts at `value[at]`. */
function autolinkAt(value: string, at: number): boolean {
  AUTOLINK.lastIndex = at;
  return AUTOLINK.test(value);
}

/** Start of the next run of exactly `length` backticks at or after `from`, or -1. */
export function findRun(value: string, length: number, from: number): number {
  for (let at = value.indexOf('`', from); at >= 0; ) {
    let end = at;
    while (value[end] === '`') end++;
    if (end - at === length) return at;
    at = value.indexOf('`', end);
  }
  return -1;
}
