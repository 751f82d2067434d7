import {
  findRun,
  mdCode,
  mdFence,
  mdText,
  plainLine,
  safeLinkTarget,
  stripHtml,
  wellFormed,
} from './markdown-escape.js';

/** README characters an excerpt is built from at most. @default 8_000 */
export const MAX_EXCERPT_SOURCE_CHARS = 8_000;

/**
 * A part of a repository's README (its first paragraph, its install section) as Markdown
 * that is safe to embed in a page: rebuilt from the pieces known to be harmless instead
 * of copied. Kept: headings (never above `minHeading`), bullet and numbered lists, block
 * quotes, GFM tables, fenced code (re-fenced, so no line can close it early), code spans,
 * emphasis, and links whose target is http(s) or relative. Dropped: HTML (tags and
 * comments), images (their alt text stays), link reference definitions, links to any
 * other scheme (their text stays), thematic breaks. Everything else is escaped text.
 */
export function readmeExcerpt(markdown: string, minHeading = 1): string[] {
  const out: string[] = [];
  let prose: string[] = [];
  let fence: { marker: string; info: string; lines: string[] } | undefined;
  const flushProse = () => {
    for (const line of stripHtml(prose.join('\n')).split('\n')) out.push(blockLine(line, minHeading));
    prose = [];
  };
  for (const raw of markdown.slice(0, MAX_EXCERPT_SOURCE_CHARS).split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (fence) {
      const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line)?.[1];
      if (close && close[0] === fence.marker[0] && close.length >= fence.marker.length) {
        out.push(...mdFence(fence.lines, fence.info));
        fence = undefined;
      } else {
        fence.lines.push(line);
      }
      continue;
    }
    const open = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    if (open?.[1] && !(open[1][0] === '`' && open[2]?.includes('`'))) {
      flushProse();
      fence = { marker: open[1], info: (open[2] ?? '').trim().split(/\s+/)[0] ?? '', lines: [] };
      continue;
    }
    prose.push(line);
  }
  flushProse();
  if (fence) out.push(...mdFence(fence.lines, fence.info));
  return collapseBlankLines(out);
}

function blockLine(raw: string, minHeading: number): string {
  const line = wellFormed(raw).replace(/\t/g, '    ');
  if (line.trim() === '') return '';
  const heading = /^ {0,3}(#{1,6})(?:[ \t]|$)/.exec(line);
  if (heading) {
    const level = Math.min(6, Math.max(minHeading, heading[1]?.length ?? 1));
    const text = inline(withoutClosingHashes(line.slice(heading[0].length).trim()));
    return text ? `${'#'.repeat(level)} ${text}` : '';
  }
  if (/^ {0,3}([-*_=])( *\1){2,} *$/.test(line)) return '';
  if (/^ {0,3}\[[^\]]+\]:/.test(line)) return '';
  const item = /^( *)([-*+]|\d{1,9}[.)])[ ]+(.*)$/.exec(line);
  if (item) {
    const depth = Math.min(3, Math.floor((item[1]?.length ?? 0) / 2));
    const marker = /\d/.test(item[2] ?? '') ? `${Number.parseInt(item[2] ?? '1', 10)}.` : '-';
    return `${'  '.repeat(depth)}${marker} ${inline(item[3] ?? '')}`;
  }
  const quote = /^ {0,3}>[ ]?(.*)$/.exec(line);
  if (quote) return `> ${inline(quote[1] ?? '')}`;
  if (/^ *\|/.test(line)) return tableRow(line);
  return inline(line.trim());
}

/** `Title ##` → `Title` (an ATX heading's optional closing sequence). */
function withoutClosingHashes(text: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === '#') end--;
  if (end === text.length) return text;
  return end === 0 || text[end - 1] === ' ' ? text.slice(0, end).trimEnd() : text;
}

/** A GFM table row: cells split on unescaped `|`, each cell rebuilt as inline text. */
function tableRow(line: string): string {
  const cells = line
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
  if (cells.every((c) => /^:?-+:?$/.test(c))) return `| ${cells.join(' | ')} |`;
  return `| ${cells.map((c) => inline(c) || ' ').join(' | ')} |`;
}

// What `inline` keeps of README prose: emphasis (`*`, `_`, `~`) stays Markdown; any other
// character that could open structure is escaped as in `mdText`.
const ESCAPE: Record<string, string> = {
  '<': '&lt;',
  '>': '&gt;',
  '&': '&amp;',
  '|': '\\|',
  '{': '\\{',
  '}': '\\}',
  $: '\\$',
  '[': '\\[',
  ']': '\\]',
  '`': '\\`',
};
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;

/** One line of README prose rebuilt token by token (see `readmeExcerpt`). */
function inline(source: string, links = true): string {
  const s = plainLine(source, { max: Number.POSITIVE_INFINITY });
  let out = '';
  let i = 0;
  while (i < s.length) {
    const ch = s[i] ?? '';
    const next = s[i + 1] ?? '';
    if (ch === '\\') {
      // An escape in the source stays an escape; `\<` becomes a reference, which every
      // renderer decodes to text (a renderer without `\<` would otherwise open a tag).
      if (ASCII_PUNCTUATION.test(next)) out += ESCAPE[next]?.startsWith('&') ? ESCAPE[next] : `\\${next}`;
      else out += '\\\\';
      i += ASCII_PUNCTUATION.test(next) ? 2 : 1;
      continue;
    }
    if (ch === '`') {
      let runEnd = i;
      while (s[runEnd] === '`') runEnd++;
      const close = findRun(s, runEnd - i, runEnd);
      if (close < 0) {
        out += '\\`'.repeat(runEnd - i);
        i = runEnd;
      } else {
        out += mdCode(s.slice(runEnd, close));
        i = close + runEnd - i;
      }
      continue;
    }
    if ((ch === '[' || (ch === '!' && next === '[')) && links) {
      const image = ch === '!';
      const link = parseLink(s, image ? i + 1 : i);
      if (link) {
        const text = inline(link.text, false);
        const href = link.target === undefined || image ? undefined : safeLinkTarget(link.target);
        out += href === undefined ? text : `[${text || mdText(link.target ?? '')}](${href})`;
        i = link.end;
        continue;
      }
    }
    if (ch === '<' && links) {
      const auto = /^<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>/.exec(s.slice(i, i + 2_048));
      if (auto?.[1]) {
        const href = safeLinkTarget(auto[1]);
        out += href === undefined ? mdText(auto[1]) : `[${mdText(auto[1])}](${href})`;
        i += auto[0].length;
        continue;
      }
    }
    out += ESCAPE[ch] ?? ch;
    i++;
  }
  return out.replace(/^([#+\-=:])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
}

interface ParsedLink {
  readonly text: string;
  /** Undefined for a reference link (`[text][ref]`), whose definition is dropped. */
  readonly target?: string;
  readonly end: number;
}

/** `[text](target "title")` or `[text][ref]` starting at `s[at] === '['`; no nesting. */
function parseLink(s: string, at: number): ParsedLink | undefined {
  let i = at + 1;
  while (i < s.length && s[i] !== ']' && s[i] !== '[') i += s[i] === '\\' ? 2 : 1;
  if (s[i] !== ']') return undefined;
  const text = s.slice(at + 1, i);
  if (s[i + 1] === '[') {
    const close = s.indexOf(']', i + 2);
    return close < 0 ? undefined : { text, end: close + 1 };
  }
  if (s[i + 1] !== '(') return undefined;
  // A destination may hold one level of balanced parentheses (`https://w.org/A_(b)`).
  const m = /^\(\s*(?:<([^<>\n]*)>|((?:[^\s()<>]|\([^\s()<>]*\))*))(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/.exec(
    s.slice(i + 1, i + 4_097),
  );
  if (!m) return undefined;
  return { text, target: m[1] ?? m[2] ?? '', end: i + 1 + m[0].length };
}

function collapseBlankLines(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (const line of lines) if (line !== '' || (out.length > 0 && out[out.length - 1] !== '')) out.push(line);
  while (out[out.length - 1] === '') out.pop();
  return out;
}
