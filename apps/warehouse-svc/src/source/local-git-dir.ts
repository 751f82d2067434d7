import { constants } from 'node:fs';
import { lstat, open, realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isUnderRoots } from './allowed-roots.js';
import { AddressRejectedError } from './source.errors.js';

/** A `.git` file, `commondir` or `alternates` longer than this is not one git wrote. */
const POINTER_FILE_MAX_BYTES = 4_096;

/**
 * The git directory of a local repository, found and checked WITHOUT running git in it:
 * `<dir>/.git` (a directory, or a file `gitdir: <path>` as linked work trees and
 * submodules have) or `dir` itself when it is bare. Every place git would read objects
 * from — the git directory, its `commondir`, `objects` and `objects/info/alternates` —
 * must resolve (symlinks included) under an allowed root, or a `.git` file could make us
 * publish a repository outside them.
 * @returns the real path of the git directory, or undefined when `dir` holds no repository.
 */
export async function findLocalGitDir(dir: string, roots: readonly string[]): Promise<string | undefined> {
  const checked = async (path: string): Promise<string> => {
    const real = await realpath(path).catch(() => {
      throw new AddressRejectedError('malformed', 'the local repository is incomplete (git data is missing)');
    });
    if (!(await isUnderRoots(real, roots))) {
      throw new AddressRejectedError(
        'outside_allowed_roots',
        'local repository keeps its git data outside the allowed roots',
      );
    }
    return real;
  };
  const dotGit = join(dir, '.git');
  const st = await lstat(dotGit).catch(() => undefined);
  let candidate: string | undefined;
  if (st?.isFile()) {
    const gitdir = /^gitdir: *(.+?) *$/m.exec(await readSmall(dotGit))?.[1];
    if (!gitdir)
      throw new AddressRejectedError('malformed', 'the ".git" file of the local repository is not valid');
    candidate = resolve(dir, gitdir);
  } else if (st) {
    candidate = dotGit;
  } else if (await looksBare(dir)) {
    candidate = dir;
  }
  if (!candidate) return undefined;
  const gitDir = await checked(candidate);
  const commonDir = (await readSmall(join(gitDir, 'commondir'))).trim();
  const common = commonDir ? await checked(resolve(gitDir, commonDir)) : gitDir;
  const objects = await checked(join(common, 'objects'));
  for (const line of (await readSmall(join(objects, 'info', 'alternates'))).split('\n')) {
    const path = line.trim();
    if (path && !path.startsWith('#')) await checked(resolve(objects, path));
  }
  return gitDir;
}

/** A bare repository has HEAD, objects/ and refs/ at its top. */
async function looksBare(dir: string): Promise<boolean> {
  const [head, objects, refs] = await Promise.all(
    ['HEAD', 'objects', 'refs'].map((n) => stat(join(dir, n)).catch(() => undefined)),
  );
  return Boolean(head?.isFile() && objects?.isDirectory() && refs?.isDirectory());
}

/**
 * The first POINTER_FILE_MAX_BYTES of a small text file; '' when it does not exist or is
 * not a regular file (non-blocking: a FIFO planted there must not hang the task).
 */
async function readSmall(path: string): Promise<string> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK).catch(() => undefined);
  if (!handle) return '';
  try {
    if (!(await handle.stat()).isFile()) return '';
    const buf = Buffer.alloc(POINTER_FILE_MAX_BYTES);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}
