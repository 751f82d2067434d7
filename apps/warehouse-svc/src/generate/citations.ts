import type { SymbolInfo } from '../analysis/symbol-types.js';
import { mdCodeLink, mdLink, relativeHref } from './markdown-escape.js';

/**
 * How a page cites the repository's files. With `fileViewBase` (the commit's file view on
 * a GitHub/GitLab/Gitea-style host, source/web-url.ts) a citation is
 * `<base>/<path>#L<a>-L<b>`; without one (a local repository, an unknown host, a plain
 * directory) it is the repository-relative path with the same fragment. The commit is the
 * one documented, so a page of one commit is the same text on every run.
 */
export interface Citations {
  readonly fileViewBase?: string;
}

/** Lines `from`–`to` of a file (1-based, inclusive). */
export interface LineRange {
  readonly from: number;
  readonly to: number;
}

/** The URL of a file, or of a range of its lines. */
export function citationUrl(c: Citations | undefined, path: string, lines?: LineRange): string {
  const href = c?.fileViewBase ? `${c.fileViewBase}/${relativeHref(path)}` : relativeHref(path);
  if (!lines) return href;
  return `${href}#L${lines.from}${lines.to > lines.from ? `-L${lines.to}` : ''}`;
}

/** `path` as a code span linking to the file. */
export function citeFile(c: Citations | undefined, path: string): string {
  return mdCodeLink(path, citationUrl(c, path));
}

/** "lines a–b" (or "line a") linking to those lines of `path`. */
export function citeLines(
  c: Citations | undefined,
  path: string,
  s: Pick<SymbolInfo, 'line' | 'endLine'>,
): string {
  const to = Math.max(s.line, s.endLine);
  const text = to > s.line ? `lines ${s.line}–${to}` : `line ${s.line}`;
  return mdLink(text, citationUrl(c, path, { from: s.line, to }));
}
