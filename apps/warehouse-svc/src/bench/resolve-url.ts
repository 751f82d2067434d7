/** The repository as URL resolution needs it: each file with its number of lines. */
export interface RepositoryIndex {
  readonly lines: ReadonlyMap<string, number>;
  readonly dirs: ReadonlySet<string>;
}

export function indexRepository(files: Iterable<[path: string, lines: number]>): RepositoryIndex {
  const lines = new Map(files);
  const dirs = new Set<string>(['']);
  for (const path of lines.keys()) {
    for (let i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) dirs.add(path.slice(0, i));
  }
  return { lines, dirs };
}

/**
 * Web file links of GitHub/Gitea/GitLab-style hosts: `…/blob/<ref>/<path>`,
 * `…/-/blob/<ref>/<path>`, `…/src/(commit|branch|tag)/<ref>/<path>`, and `tree` for folders.
 */
const WEB_FILE = /^https?:\/\/[^/]+\/.+?\/(?:-\/)?(?:blob|tree|src\/(?:commit|branch|tag))\/[^/]+\/(.*)$/;

/**
 * Whether `url` points at something that exists in the repository: a repository-relative
 * path (or the path part of a web file link) naming a file or folder (`''` is the root), and
 * an optional `#L<a>`, `#L<a>-L<b>` or (GitLab) `#L<a>-<b>` line range on a file with
 * 1 ≤ a ≤ b ≤ its line count.
 * Absolute paths, `..`, other schemes and other fragments do not resolve.
 */
export function resolvesInRepository(url: string, repo: RepositoryIndex): boolean {
  const web = WEB_FILE.exec(url);
  let rest = web ? (web[1] ?? '') : url;
  if (!web && /^[a-z][a-z0-9+.-]*:/i.test(rest)) return false;
  const hash = rest.indexOf('#');
  const fragment = hash >= 0 ? rest.slice(hash + 1) : undefined;
  if (hash >= 0) rest = rest.slice(0, hash);
  let path: string;
  try {
    path = decodeURIComponent(rest).replace(/\/+$/, '');
  } catch {
    return false;
  }
  if (path.startsWith('/') || path.split('/').some((s) => s === '..' || s === '.')) return false;
  const fileLines = repo.lines.get(path);
  if (fileLines === undefined) return fragment === undefined && repo.dirs.has(path);
  if (fragment === undefined) return true;
  const range = /^L(\d+)(?:-L?(\d+))?$/.exec(fragment);
  if (!range) return false;
  const from = Number(range[1]);
  const to = range[2] === undefined ? from : Number(range[2]);
  return from >= 1 && from <= to && to <= fileLines;
}
