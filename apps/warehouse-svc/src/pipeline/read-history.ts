import type { WarehouseConfig } from '../config/warehouse-config.js';
import type { AcquiredSource } from '../source/acquire-source.js';
import { type CommitInfo, changedPaths, readCommits } from '../source/git-history.js';

/** Commits appended to the update log per update at most. @default 100 */
const MAX_NEW_COMMITS = 100;

export interface History {
  /** The newest `commitLogSize` commits (the Update Log page); empty when the log is off. */
  readonly commits: CommitInfo[];
  /** Commits not recorded yet (all of `commits` on a rebuild). */
  readonly newCommits: CommitInfo[];
  /** Paths changed since the stored version; undefined when every path counts as changed. */
  readonly changed?: ReadonlySet<string>;
}

/**
 * What the wiki needs from git besides the files: the update log and, when updating from a
 * known commit, which paths changed since. A plain directory (or a stored `dir-…` version)
 * has no history: every path counts as changed.
 */
export async function readHistory(
  source: AcquiredSource,
  config: WarehouseConfig,
  fromVersion: string | undefined,
  toVersion: string,
): Promise<History> {
  const commits =
    source.isGit && config.enableWarehouseCommit
      ? await readCommits(source.root, 'HEAD', config.commitLogSize)
      : [];
  if (fromVersion === undefined) return { commits, newCommits: commits };
  if (!source.isGit || fromVersion.startsWith('dir-')) return { commits, newCommits: [] };
  return {
    commits,
    newCommits: await readCommits(source.root, `${fromVersion}..${toVersion}`, MAX_NEW_COMMITS),
    changed: await changedPaths(source.root, fromVersion, toVersion),
  };
}
