import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { NonRetriableError } from '@repowiki/runtime';
import type { WarehouseConfig } from '../config/warehouse-config.js';
import { runGit } from './git-runner.js';
import { AddressRejectedError } from './source.errors.js';
import { resolveSourceLocation, type SourceLocation } from './url-policy.js';

export interface WarehouseSourceRef {
  readonly id: string;
  readonly address: string;
  readonly type: 'git' | 'file';
  readonly branch: string;
}

export interface AcquiredSource {
  /** Directory the analysis reads. */
  readonly root: string;
  /** A git work tree (clone or local git directory): ls-files, log and diff work. */
  readonly isGit: boolean;
  /** We created `root` (a clone under repositoriesDir): ours to delete. */
  readonly owned: boolean;
  readonly location: SourceLocation;
}

export function cloneDirOf(config: WarehouseConfig, warehouseId: string): string {
  return join(config.repositoriesDir, warehouseId);
}

/** Rejects branch names git would read as options or that carry control characters. */
export function checkBranch(branch: string): void {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused
  if (branch.startsWith('-') || /[\0-\x1f\s~^:?*[\\]/.test(branch) || branch.includes('..')) {
    throw new AddressRejectedError('option_injection', 'branch name is not a valid git branch');
  }
}

/**
 * Clones a remote (or allowed local) repository into `<repositoriesDir>/<id>`, replacing
 * any previous clone, or points at an allowed local directory. A failed clone MUST NOT
 * leave its directory behind: the next attempt and `cleanup-failed` rely on that.
 */
export async function acquireSource(
  ref: WarehouseSourceRef,
  config: WarehouseConfig,
  signal: AbortSignal,
): Promise<AcquiredSource> {
  const location = await resolveSourceLocation(ref.address, ref.type, config);
  if (ref.branch) checkBranch(ref.branch);
  if (location.kind === 'local-dir') {
    // A work tree without commits has no HEAD to version or log: read it as a plain directory.
    const isGit = (await isGitWorkTree(location.path)) && (await hasCommits(location.path));
    return { root: location.path, isGit, owned: false, location };
  }
  const target = cloneDirOf(config, ref.id);
  await rm(target, { recursive: true, force: true });
  await mkdir(config.repositoriesDir, { recursive: true });
  const args = ['clone', '--progress', '--no-tags', '--single-branch'];
  if (location.kind === 'local-git') args.push('--no-local');
  if (ref.branch) args.push(`--branch=${ref.branch}`);
  args.push('--', location.url, target);
  try {
    await runGit(args, {
      timeoutMs: config.cloneTimeoutMs,
      maxReceiveBytes: config.maxCloneBytes,
      signal,
      credential: location.kind === 'remote' ? config.gitCredentials[location.host] : undefined,
      allowFileProtocol: location.kind === 'local-git',
    });
    // git clones an empty repository without complaint; there is nothing to document.
    if (!(await hasCommits(target))) {
      throw new NonRetriableError('repository has no commits yet: nothing to document', {
        code: 'empty_repository',
      });
    }
  } catch (e) {
    await rm(target, { recursive: true, force: true });
    throw e;
  }
  return { root: target, isGit: true, owned: true, location };
}

export async function isGitWorkTree(dir: string): Promise<boolean> {
  try {
    const { stdout } = await runGit(['rev-parse', '--show-toplevel'], { cwd: dir, timeoutMs: 10_000 });
    return stdout.toString('utf8').trim() === dir;
  } catch {
    return false;
  }
}

export async function hasCommits(root: string): Promise<boolean> {
  try {
    await runGit(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], { cwd: root, timeoutMs: 10_000 });
    return true;
  } catch {
    return false;
  }
}

export async function headCommit(root: string): Promise<string> {
  const { stdout } = await runGit(['rev-parse', 'HEAD'], { cwd: root, timeoutMs: 10_000 });
  return stdout.toString('utf8').trim();
}
