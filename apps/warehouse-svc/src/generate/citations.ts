import { lineFragment, type RepositoryWebStyle } from '@repowiki/contracts';
import type { SymbolInfo } from '../analysis/symbol-types.js';
import { mdCode, mdText, relativeHref, safeLinkTarget } from './markdown-escape.js';

/**
 * How a page cites the repository's files. With `fileViewBase` (the commit's file view on
 * a GitHub/GitLab/Gitea-style host, `fileViewBase` of @repowiki/contracts) a citation is
 * `<base>/<path>#L<a>-L<b>` (`#L<a>-<b>` on GitLab: `lineFragment`); without one (a local
 * repository, an unknown host, a plain directory) it is the repository-relative path with a
 * `#L<a>-L<b>` fragment. The commit is the one documented, so a page of one commit is the
 * same text on every run.
 */
export interface Citations {
  readonly fileViewBase?: string;
  /** The host's style, which decides how a line range is written; set with `fileViewBase`. */
  readonly style?: RepositoryWebStyle;
}

/** The line fragment for `c`: the web host's way with a view, `#L<a>-L<b>` for a path. */
const fragment = (c: Citations | undefined, from: number, to: number) =>
  lineFragment(c?.fileViewBase ? c.style : undefined, from, to);

/** Lines `from`–`to` of a file (1-based, inclusive). */
export interface LineRange {
  readonly from: number;
  readonly to: number;
}

/** The URL of a file, or of a range of its lines. */
export function citationUrl(c: Citations | undefined, path: string, lines?: LineRange): string {
  const href = c?.fileViewBase ? `${c.fileViewBase}/${relativeHref(path)}` : relativeHref(path);
  if (!lines) return href;
  return `${href}${fragment(c, lines.from, lines.to)}`;
}

const NO_VIEW: Citations = {};
/** Safe link target per cited file, per citation setting: a page cites one file many times. */
const hrefs = new WeakMap<Citations, Map<string, string | undefined>>();

/** The checked link target of a file (`safeLinkTarget`), or undefined when it is not a safe one. */
function fileHref(c: Citations | undefined, path: string): string | undefined {
  const key = c ?? NO_VIEW;
  let cache = hrefs.get(key);
  if (!cache) {
    cache = new Map();
    hrefs.set(key, cache);
  }
  if (!cache.has(path)) cache.set(path, safeLinkTarget(citationUrl(key, path)));
  return cache.get(path);
}

/** `path` as a code span linking to the file. */
export function citeFile(c: Citations | undefined, path: string): string {
  const href = fileHref(c, path);
  return href === undefined ? mdCode(path) : `[${mdCode(path)}](${href})`;
}

/**
 * "lines a–b" (or "line a") linking to those lines of `path`: the file's checked target plus
 * a `#L<a>-L<b>` fragment (`#L<a>-<b>` on GitLab; digits only).
 */
export function citeLines(
  c: Citations | undefined,
  path: string,
  s: Pick<SymbolInfo, 'line' | 'endLine'>,
): string {
  const to = Math.max(s.line, s.endLine);
  const text = to > s.line ? `lines ${s.line}–${to}` : `line ${s.line}`;
  const href = fileHref(c, path);
  return href === undefined ? mdText(text) : `[${mdText(text)}](${href}${fragment(c, s.line, to)})`;
}
