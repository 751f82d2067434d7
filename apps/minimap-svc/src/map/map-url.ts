import { type RepositoryWeb, sourceCitationUrl } from '@repowiki/contracts';

/** What a map url points at: a repository path and, for a file, maybe a line range. */
export interface MapTarget {
  /** Repository-relative, decoded; '' is the root. */
  readonly path: string;
  readonly lines?: readonly [from: number, to: number];
}

/**
 * The web link prefixes of a repository at `commit` (file and folder links), as
 * `sourceCitationUrl` writes them; none without known web links or a commit id.
 */
export function webPrefixes(web: RepositoryWeb | undefined, commit: string | undefined): string[] {
  const file = sourceCitationUrl(web, commit, { path: 'x' });
  const folder = sourceCitationUrl(web, commit, { path: 'x', folder: true });
  return file === 'x' ? [] : [...new Set([file.slice(0, -1), folder.slice(0, -1)])];
}

/**
 * The target of a map url: a repository-relative path (percent-encoded per segment), or a web
 * link under one of `prefixes`, with an optional `#L<a>`, `#L<a>-L<b>` or `#L<a>-<b>` (GitLab)
 * fragment. Undefined when the url is not inside the repository: another scheme or host, an
 * absolute path, `..`, another fragment, bad encoding.
 */
export function parseMapUrl(url: string, prefixes: readonly string[]): MapTarget | undefined {
  const prefix = prefixes.find((p) => url.startsWith(p));
  let rest = prefix ? url.slice(prefix.length) : url;
  if (!prefix && (/^[a-z][a-z0-9+.-]*:/i.test(rest) || rest.startsWith('/'))) return undefined;
  const hash = rest.indexOf('#');
  const fragment = hash >= 0 ? rest.slice(hash + 1) : undefined;
  if (hash >= 0) rest = rest.slice(0, hash);
  let path: string;
  try {
    path = decodeURIComponent(rest).replace(/\/+$/, '');
  } catch {
    return undefined;
  }
  if (path.startsWith('/') || path.includes('\\') || path.split('/').some((s) => s === '..' || s === '.'))
    return undefined;
  if (fragment === undefined) return { path };
  const range = /^L(\d+)(?:-L?(\d+))?$/.exec(fragment);
  if (!range) return undefined;
  const from = Number(range[1]);
  return { path, lines: [from, range[2] === undefined ? from : Number(range[2])] };
}
