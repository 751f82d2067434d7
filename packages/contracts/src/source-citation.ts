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

/** The web port of an http(s) remote (`:8443`), '' for the scheme's default; undefined if invalid. */
function webPort(scheme: string, port: string | undefined): string | undefined {
  if (port === undefined) return '';
  const n = Number(port);
  if (!Number.isInteger(n) || n < 1 || n > 65_535) return undefined;
  return (scheme === 'https' && n === 443) || (scheme === 'http' && n === 80) ? '' : `:${n}`;
}

/**
 * The web address of a repository from its git address (`https://host[:port]/o/r.git`,
 * `ssh://git@host:22/o/r.git`, `git@host:o/r.git`, `git://host/o/r`), or undefined when
 * the host's web links are not known (a self-hosted server of another kind, a local path).
 * An http(s) remote's port is its web port and is kept; an ssh or git port is not. User
 * names, passwords and tokens are never kept.
 */
export function repositoryWeb(address: string): RepositoryWeb | undefined {
  const a = address.trim();
  let host: string;
  let path: string;
  let scheme = 'https';
  let port = '';
  const url = /^(https?|ssh|git(?:\+ssh)?):\/\/(?:[^@/]*@)?([^/:]+)(?::(\d+))?\/(.+)$/i.exec(a);
  const scp = /^[^@/:]+@([^/:]+):(?!\/)(.+)$/.exec(a);
  if (url) {
    const protocol = url[1]?.toLowerCase() ?? '';
    host = url[2] ?? '';
    path = url[4] ?? '';
    if (protocol === 'http' || protocol === 'https') {
      scheme = protocol;
      const p = webPort(scheme, url[3]);
      if (p === undefined) return undefined;
      port = p;
    }
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
  return { base: `${scheme}://${host.toLowerCase()}${port}/${segments.join('/')}`, style };
}

/**
 * Where the files of `commit` are viewed: `<base>/blob/<sha>` (GitHub), `<base>/-/blob/<sha>`
 * (GitLab), `<base>/src/commit/<sha>` (Gitea, Forgejo); a file path and `lineFragment` follow.
 * Undefined without known web links or when `commit` is no full commit id.
 */
export function fileViewBase(web: RepositoryWeb | undefined, commit: string | undefined): string | undefined {
  if (!web || !commit || !COMMIT.test(commit)) return undefined;
  switch (web.style) {
    case 'github':
      return `${web.base}/blob/${commit}`;
    case 'gitlab':
      return `${web.base}/-/blob/${commit}`;
    case 'gitea':
      return `${web.base}/src/commit/${commit}`;
  }
}

/**
 * The fragment naming lines `from`–`to` as the host reads it: `#L10-20` on GitLab, `#L10-L20`
 * on the others and for repository-relative paths (`style` undefined); `#L10` for one line.
 */
export function lineFragment(style: RepositoryWebStyle | undefined, from: number, to: number): string {
  if (to <= from) return `#L${from}`;
  return style === 'gitlab' ? `#L${from}-${to}` : `#L${from}-L${to}`;
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
  const range = (style: RepositoryWebStyle | undefined) =>
    lines ? lineFragment(style, lines[0], lines[1]) : '';
  const view = fileViewBase(web, commit);
  if (!web || !commit || !view) return `${path}${range(undefined)}`;
  const at = path ? `/${path}` : '';
  if (!citation.folder) return `${view}${at}${range(web.style)}`;
  // A folder: GitHub and GitLab show it under `tree`; Gitea's `src/commit` shows both.
  switch (web.style) {
    case 'github':
      return `${web.base}/tree/${commit}${at}`;
    case 'gitlab':
      return `${web.base}/-/tree/${commit}${at}`;
    case 'gitea':
      return `${view}${at}`;
  }
}
