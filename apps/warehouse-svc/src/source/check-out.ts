import { join } from 'node:path';
import type { WarehouseConfig } from '../config/warehouse-config.js';
import { diskUsage } from './disk-usage.js';
import { runGit } from './git-runner.js';
import { GitCommandError } from './source.errors.js';

/** A `ls-tree -l` header (`<mode> <type> <object> <size>`) is far shorter; longer is not git's. */
const HEADER_MAX_BYTES = 256;

/**
 * Checks `rev` out into the work tree of the clone at `root` — only if the clone's git
 * data plus every file of `rev` fits `maxCloneBytes`. A small pack can hold a huge file
 * (compressed zeros), so the sizes come from the tree, before anything is written; the
 * checkout itself is watched on disk as well.
 */
export async function checkOutWithinLimit(
  root: string,
  rev: string,
  config: WarehouseConfig,
  signal: AbortSignal,
): Promise<void> {
  const gitData = await diskUsage(join(root, '.git'));
  const files = await treeBytes(root, rev);
  if (gitData + files > config.maxCloneBytes) {
    throw new GitCommandError(
      'too_large',
      `git checkout: the repository exceeds the size limit of ${config.maxCloneBytes} bytes`,
      `${gitData} bytes of git data and ${files} bytes of files at ${rev}`,
    );
  }
  await runGit(['reset', '--hard', '--quiet', rev], {
    cwd: root,
    timeoutMs: config.cloneTimeoutMs,
    signal,
    disk: { dir: root, maxBytes: config.maxCloneBytes },
  });
}

/**
 * Bytes the files of `rev` take once checked out: the sum of its blob sizes, read from
 * `git ls-tree -r -l` as a stream (paths are skipped, never buffered: a name can be long).
 */
export async function treeBytes(root: string, rev: string): Promise<number> {
  let total = 0;
  let header: number[] = [];
  let inPath = false;
  await runGit(['ls-tree', '-r', '-l', '-z', '--full-tree', rev], {
    cwd: root,
    timeoutMs: 120_000,
    onStdout: (chunk) => {
      for (const byte of chunk) {
        if (inPath) {
          if (byte === 0) inPath = false;
        } else if (byte === 0x09) {
          // `<mode> <type> <object> <size>`; size is `-` for submodules.
          const [, type, , size] = Buffer.from(header).toString('latin1').split(/ +/);
          if (type === 'blob' && size && /^\d+$/.test(size)) total += Number(size);
          header = [];
          inPath = true;
        } else if (header.length < HEADER_MAX_BYTES) {
          header.push(byte);
        }
      }
    },
  });
  return total;
}
