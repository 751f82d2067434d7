/** The URL layouts of web file views this wiki links to. */
export type ForgeStyle = 'github' | 'gitlab' | 'gitea';

export interface RepositoryWebUrl {
  /** `https://host/owner/repo`, without credentials, port (for ssh), `.git` or trailing slash. */
  readonly url: string;
  readonly style: ForgeStyle;
}

/** scp-like ssh address: `git@github.com:owner/repo.git`. */
const SCP_LIKE = /^(?:[^@/\s]+@)?([A-Za-z0-9.-]+):(?!\/\/)([^\s]+)$/;

/**
 * The web address of a repository on a GitHub-, GitLab- or Gitea-style host, from its git
 * address (`https://…`, `http://…`, `ssh://git@host:22/…`, `git@host:owner/repo.git`,
 * `git://…`); undefined for local paths and for hosts of unknown style (their files are
 * cited by repository-relative path). User names, passwords and tokens are never kept.
 */
export function repositoryWebUrl(address: string): RepositoryWebUrl | undefined {
  const value = address.trim();
  let scheme: string;
  let host: string;
  let port = '';
  let path: string;
  const scp = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(value) ? undefined : SCP_LIKE.exec(value);
  if (scp) {
    scheme = 'https';
    host = (scp[1] ?? '').toLowerCase();
    path = scp[2] ?? '';
  } else {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return undefined;
    }
    const protocol = url.protocol.slice(0, -1);
    if (!['https', 'http', 'ssh', 'git'].includes(protocol)) return undefined;
    // The web view is served over https for ssh and git remotes; an http remote keeps http.
    scheme = protocol === 'http' ? 'http' : 'https';
    host = url.hostname.toLowerCase();
    if ((protocol === 'https' || protocol === 'http') && url.port) port = `:${url.port}`;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      return undefined;
    }
  }
  const style = forgeStyle(host);
  const segments = path
    .replace(/\.git\/?$/, '')
    .split('/')
    .filter(Boolean);
  if (!style || !host || segments.length < 2 || segments.some((s) => s === '..' || s === '.'))
    return undefined;
  const encoded = segments.map((s) => encodeURIComponent(s)).join('/');
  return { url: `${scheme}://${host}${port}/${encoded}`, style };
}

function forgeStyle(host: string): ForgeStyle | undefined {
  if (host === 'github.com' || host.startsWith('github.')) return 'github';
  if (host === 'gitlab.com' || host.split('.').some((label) => label.startsWith('gitlab'))) return 'gitlab';
  if (
    host === 'codeberg.org' ||
    host === 'gitea.com' ||
    host.split('.').some((label) => label.startsWith('gitea') || label.startsWith('forgejo'))
  )
    return 'gitea';
  return undefined;
}

/**
 * Where files of commit `sha` are viewed: `<web url>/blob/<sha>` (GitHub),
 * `<web url>/-/blob/<sha>` (GitLab), `<web url>/src/commit/<sha>` (Gitea); a file path and a
 * `#L<a>-L<b>` fragment follow. Undefined when the address has no known web view or `sha`
 * is no full commit id.
 */
export function fileViewBase(address: string, sha: string): string | undefined {
  const web = repositoryWebUrl(address);
  if (!web || !/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(sha)) return undefined;
  switch (web.style) {
    case 'github':
      return `${web.url}/blob/${sha}`;
    case 'gitlab':
      return `${web.url}/-/blob/${sha}`;
    case 'gitea':
      return `${web.url}/src/commit/${sha}`;
  }
}
