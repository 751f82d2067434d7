import { lstat, mkdtemp, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { NonRetriableError } from '@repowiki/runtime';
import type { WarehouseConfig } from '../config/warehouse-config.js';
import { isInside } from '../source/allowed-roots.js';
import { runGit } from '../source/git-runner.js';
import { hasUnsafePathChars, showUnsafePath } from './unsafe-path.js';

/** A tracked file the analysis may read. */
export interface ListedFile {
  /** Repository-relative path, `/`-separated; lossy (U+FFFD) when the name is not UTF-8. */
  readonly path: string;
  /** The exact bytes of the name: file system calls use these, so non-UTF-8 names still open. */
  readonly raw: Buffer;
  readonly size: number;
  /** The name is not valid UTF-8 (stored lossily). */
  readonly nonUtf8Name: boolean;
}

export type SkipReason =
  | 'symlink'
  | 'symlink-outside'
  | 'submodule'
  | 'huge'
  | 'binary'
  | 'generated'
  | 'unreadable'
  | 'unsafe-name';

export interface SkippedFile {
  readonly path: string;
  readonly reason: SkipReason;
  readonly detail: string;
}

export interface FileListing {
  readonly files: ListedFile[];
  readonly skipped: SkippedFile[];
}

/**
 * The files of a work tree: `git ls-files` for git trees (always our own clone, never a
 * user's repository), or the untracked-but-not-ignored files of a plain directory via a
 * throw-away git dir (so a `.git` there, and its config, is never read). Then the
 * configured excluded folders/files go, names with control characters (newlines…) are
 * skipped with a note, symlinks are recorded and never followed,
 * submodules and files over `maxFileBytes` are skipped with a note.
 */
export async function listFiles(root: string, isGit: boolean, config: WarehouseConfig): Promise<FileListing> {
  const entries = isGit ? await gitTracked(root) : await plainDirectory(root);
  const files: ListedFile[] = [];
  const skipped: SkippedFile[] = [];
  const excluded = compileExcluded(config);
  for (const entry of entries) {
    const path = entry.raw.toString('utf8');
    if (excluded(path)) continue;
    if (hasUnsafePathChars(path)) {
      skipped.push({
        path: showUnsafePath(path),
        reason: 'unsafe-name',
        detail: 'control characters in the name, not analysed',
      });
      continue;
    }
    if (entry.mode === '160000') {
      skipped.push({ path, reason: 'submodule', detail: 'git submodule, not analysed' });
      continue;
    }
    const abs = Buffer.concat([Buffer.from(`${root}/`), entry.raw]);
    const st = await lstat(abs).catch(() => undefined);
    if (!st) {
      skipped.push({ path, reason: 'unreadable', detail: 'listed by git but missing on disk' });
      continue;
    }
    if (st.isSymbolicLink()) {
      const target = await readlink(abs, { encoding: 'utf8' }).catch(() => '');
      const inside = isInside(root, resolve(dirname(join(root, path)), target));
      skipped.push(
        inside
          ? { path, reason: 'symlink', detail: `symlink to ${target}, not followed` }
          : {
              path,
              reason: 'symlink-outside',
              detail: 'symlink pointing outside the repository, not followed',
            },
      );
      continue;
    }
    if (!st.isFile()) continue;
    if (st.size > config.maxFileBytes) {
      skipped.push({
        path,
        reason: 'huge',
        detail: `${st.size} bytes, over the ${config.maxFileBytes}-byte limit`,
      });
      continue;
    }
    files.push({
      path,
      raw: entry.raw,
      size: st.size,
      nonUtf8Name: !Buffer.from(path, 'utf8').equals(entry.raw),
    });
    if (files.length > config.maxFiles) {
      throw new NonRetriableError(`repository has more than ${config.maxFiles} files (limit)`, {
        code: 'too_many_files',
      });
    }
  }
  return { files, skipped };
}

interface RawEntry {
  readonly raw: Buffer;
  readonly mode: string | undefined;
}

async function gitTracked(root: string): Promise<RawEntry[]> {
  const { stdout } = await runGit(['ls-files', '-z', '--stage'], { cwd: root, timeoutMs: 120_000 });
  const out: RawEntry[] = [];
  for (const record of splitNul(stdout)) {
    // `<mode> <sha> <stage>\t<path>`
    const tab = record.indexOf(0x09);
    if (tab < 0) continue;
    out.push({ raw: record.subarray(tab + 1), mode: record.subarray(0, 6).toString('latin1') });
  }
  return out;
}

async function plainDirectory(root: string): Promise<RawEntry[]> {
  const gitDir = await mkdtemp(join(tmpdir(), 'repowiki-ls-'));
  try {
    await runGit(['init', '--quiet', '--bare', gitDir], { timeoutMs: 10_000 });
    const { stdout } = await runGit(
      [`--git-dir=${gitDir}`, `--work-tree=${root}`, 'ls-files', '-z', '--others', '--exclude-standard'],
      { cwd: root, timeoutMs: 120_000 },
    );
    return splitNul(stdout).map((raw) => ({ raw, mode: undefined }));
  } finally {
    await rm(gitDir, { recursive: true, force: true });
  }
}

function splitNul(buf: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = buf.indexOf(0); i >= 0; i = buf.indexOf(0, start)) {
    if (i > start) parts.push(buf.subarray(start, i));
    start = i + 1;
  }
  if (start < buf.length) parts.push(buf.subarray(start));
  return parts;
}

/** Excluded folder names match any path segment; file globs support `*` only. */
function compileExcluded(config: WarehouseConfig): (path: string) => boolean {
  const folders = new Set(config.excludedFolders);
  const globs = config.excludedFiles.map(
    (g) => new RegExp(`^${g.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`),
  );
  return (path) => {
    const parts = path.split('/');
    const name = parts[parts.length - 1] ?? '';
    for (let i = 0; i < parts.length - 1; i++) if (folders.has(parts[i] ?? '')) return true;
    return globs.some((g) => g.test(name));
  };
}
