import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { NonRetriableError } from '@repowiki/runtime';
import type { WarehouseConfig } from '../config/warehouse-config.js';
import { checkOutWithinLimit } from './check-out.js';
import { runGit } from './git-runner.js';
import { AddressRejectedError } from './source.errors.js';
import { gitSourceOf, resolveSourceLocation, type SourceLocation } from './url-policy.js';

export interface WarehouseSourceRef {
  readonly id: string;
  readonly address: string;
  readonly type: 'git' | 'file';
  readonly branch: string;
}

export interface AcquiredSource {
  /** Directory the analysis reads. */
  readonly root: string;
  /** A git work tree (always our own clone): ls-files, log and diff work. */
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
 * Clones the repository into `<repositoriesDir>/<id>`, replacing any previous clone.
 * Local repositories are cloned too (git never runs inside a user's tree, where its
 * config — `core.fsmonitor`, hooks — would run commands); only a local directory
 * without a repository, or with no commits, is read in place, as plain files.
 * A failed clone MUST NOT leave its directory behind: the next attempt and
 * `cleanup-failed` rely on that.
 */
export async function acquireSource(
  ref: WarehouseSourceRef,
  config: WarehouseConfig,
  signal: AbortSignal,
): Promise<AcquiredSource> {
  const location = await resolveSourceLocation(ref.address, ref.type, config);
  if (ref.branch) checkBranch(ref.branch);
  const from = gitSourceOf(location);
  if (location.kind === 'local-dir' && !from) return readInPlace(location);
  if (!from) throw new Error('unreachable: only a plain local directory has no git source');
  const target = cloneDirOf(config, ref.id);
  await rm(target, { recursive: true, force: true });
  await mkdir(config.repositoriesDir, { recursive: true });
  const args = ['clone', '--progress', '--no-checkout', '--no-tags', '--single-branch', '--template='];
  if (location.kind !== 'remote') args.push('--no-local');
  if (ref.branch) args.push(`--branch=${ref.branch}`);
  args.push('--', from, target);
  try {
    await runGit(args, {
      timeoutMs: config.cloneTimeoutMs,
      maxReceiveBytes: config.maxCloneBytes,
      disk: { dir: target, maxBytes: config.maxCloneBytes },
      signal,
      transport: location.kind === 'remote' ? location : 'file',
      credential: location.kind === 'remote' ? config.gitCredentials[location.host] : undefined,
    });
    if (!(await hasCommits(target))) {
      // A local directory whose repository has no commits yet: its files are what there is.
      if (location.kind === 'local-dir') {
        await rm(target, { recursive: true, force: true });
        return readInPlace(location);
      }
      // git clones an empty repository without complaint; there is nothing to document.
      throw new NonRetriableError('repository has no commits yet: nothing to document', {
        code: 'empty_repository',
      });
    }
    await checkOutWithinLimit(target, 'HEAD', config, signal);
  } catch (e) {
    await rm(target, { recursive: true, force: true });
    throw e;
  }
  return { root: target, isGit: true, owned: true, location };
}

/** A local directory read as plain files (listed and read by path checks, see listFiles). */
function readInPlace(location: SourceLocation & { kind: 'local-dir' }): AcquiredSource {
  return { root: location.path, isGit: false, owned: false, location };
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
