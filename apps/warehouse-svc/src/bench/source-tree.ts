import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The files of one repository as the benchmark judges the wiki against them: paths are
 * repository-relative with `/`, sorted; `read` gives a file's UTF-8 text (undefined for a
 * path that is not a file of the tree).
 */
export interface SourceTree {
  readonly root: string;
  readonly files: readonly string[];
  read(path: string): string | undefined;
}

/** Folders never listed: version-control data. */
const SKIPPED_DIRS = new Set(['.git', '.hg', '.svn']);

/** Every regular file under `root` (symbolic links are not followed), as a SourceTree. */
export function readSourceTree(root: string): SourceTree {
  const files: string[] = [];
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(join(dir, entry.name), rel);
      } else if (entry.isFile()) {
        files.push(rel);
      }
    }
  };
  walk(root, '');
  files.sort();
  const known = new Set(files);
  const cache = new Map<string, string>();
  return {
    root,
    files,
    read(path) {
      if (!known.has(path)) return undefined;
      let text = cache.get(path);
      if (text === undefined) {
        text = readFileSync(join(root, path), 'utf8');
        cache.set(path, text);
      }
      return text;
    },
  };
}

/** Lines of a text as an editor numbers them (a final newline does not open a line). */
export function lineCount(text: string): number {
  if (text === '') return 0;
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return text.endsWith('\n') ? n - 1 : n;
}

/**
 * The committed HEAD of the git repository at `repoDir`, checked out into `into` (a shallow
 * `file://` clone: untracked files such as `node_modules` stay out, as they do for the
 * service, which documents the committed HEAD too). Returns the commit id.
 */
export function checkOutHead(repoDir: string, into: string): string {
  execFileSync('git', ['clone', '--quiet', '--depth', '1', '--', `file://${repoDir}`, into], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return execFileSync('git', ['-C', into, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
}
