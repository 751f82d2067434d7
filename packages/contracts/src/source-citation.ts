/**
 * Links to lines of a repository's files, the same from every service: a page citation in
 * warehouse-svc, a mind-map node in minimap-svc. `<web url>/blob/<sha>/<path>#L<a>-L<b>` for
 * GitHub-style hosts (`/-/blob/…#L<a>-<b>` on GitLab, `/src/commit/…` on Gitea and
 * Forgejo), and a repository-relative `path#L<a>-L<b>` for any other address (a local
 * repository, an unknown host) or a version that is no commit (a plain directory).
 */

export type RepositoryWebStyle = 'github' | 'gitlab' | 'gitea';

/** Where a repository's files are shown on the web. */
export interface RepositoryWeb {
  /** `https://github.com/owner/repo`, without `.git` or a trailing slash. */
  readonly base: string;
  readonly style: RepositoryWebStyle;
}

export interface SourceCitation {
  /** Repository-relative path of a file, or of a folder when `folder` is set ('' = the root). */
  readonly path: string;
  /** First and last line, 1-based; a single line when equal. Ignored for a folder. */
  readonly lines?: readonly [from: number, to: number];
  readonly folder?: boolean;
}

const COMMIT = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/** The host's style from its name: github.com, gitlab.com, codeberg.org and hosts named after them. */
function styleOf(host: string): RepositoryWebStyle | undefined {
  const h = host.toLowerCase();
  if (h === 'github.com' || h === 'www.github.com' || /(^|\.)github\./.test(h)) return 'github';
  if (h === 'gitlab.com' || /(^|\.)gitlab\./.test(h)) return 'gitlab';
  if (h === 'codeberg.org' || h === 'gitea.com' || /(^|\.)(gitea|forgejo)\./.test(h)) return 'gitea';
  return undefined;
}

/**
 * The web address of a repository from its git address (`https://host/o/r.git`,
 * `ssh://git@host:22/o/r.git`, `git@host:o/r.git`, `git://host/o/r`), or undefined when
 * the host's web links are not known (a self-hosted server of another kind, a local path).
 */
export function repositoryWeb(address: string): RepositoryWeb | undefined {
  const a = address.trim();
  let host: string;
  let path: string;
  let scheme = 'https';
  const url = /^(https?|ssh|git(?:\+ssh)?):\/\/(?:[^@/]*@)?([^/:]+)(?::\d+)?\/(.+)$/i.exec(a);
  const scp = /^[^@/:]+@([^/:]+):(?!\/)(.+)$/.exec(a);
  if (url) {
    host = url[2] ?? '';
    path = url[3] ?? '';
    if (url[1]?.toLowerCase() === 'http') scheme = 'http';
  } else if (scp) {
    host = scp[1] ?? '';
    path = scp[2] ?? '';
  } else {
    return undefined;
  }
  const style = styleOf(host);
  const segments = path
    .replace(/\/+$/, '')
    .replace(/\.git$/, '')
    .split('/');
  if (!style || segments.length < 2 || segments.some((s) => !/^[A-Za-z0-9._~-]+$/.test(s) || /^\.+$/.test(s)))
    return undefined;
  return { base: `${scheme}://${host.toLowerCase()}/${segments.join('/')}`, style };
}

/** A repository path with each segment percent-encoded (`/` kept). */
export function encodeRepositoryPath(path: string): string {
  return path
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/');
}

/**
 * The link to `citation` at `commit`: a web link when `web` is known and `commit` is a commit
 * id, else the repository-relative path. Paths are percent-encoded per segment.
 */
export function sourceCitationUrl(
  web: RepositoryWeb | undefined,
  commit: string | undefined,
  citation: SourceCitation,
): string {
  const path = encodeRepositoryPath(citation.path);
  const lines = citation.folder ? undefined : citation.lines;
  const [from, to] = lines ?? [0, 0];
  const range = (sep: string) => (!lines ? '' : to > from ? `#L${from}-${sep}${to}` : `#L${from}`);
  if (!web || !commit || !COMMIT.test(commit)) return `${path}${range('L')}`;
  const at = path ? `/${path}` : '';
  switch (web.style) {
    case 'github':
      return `${web.base}/${citation.folder ? 'tree' : 'blob'}/${commit}${at}${range('L')}`;
    case 'gitlab':
      // GitLab writes a range `#L10-20`.
      return `${web.base}/-/${citation.folder ? 'tree' : 'blob'}/${commit}${at}${range('')}`;
    case 'gitea':
      return `${web.base}/src/commit/${commit}${at}${range('L')}`;
  }
}
