import { execFileSync } from 'node:child_process';
import { runCtags } from './ctags.js';
import { detectPackages, type SourcePackage } from './packages.js';
import { type PublicDefinitions, publicDefinitions } from './public-definitions.js';
import { indexRepository, type RepositoryIndex } from './resolve-url.js';
import { checkOutHead, lineCount, readSourceTree } from './source-tree.js';

/** What the benchmark knows about a repository before the pipeline sees it. */
export interface PreparedRepository {
  readonly path: string;
  readonly commit: string;
  /** Files tracked at HEAD (`git ls-files`). */
  readonly files: number;
  readonly packages: readonly SourcePackage[];
  readonly definitions: PublicDefinitions;
  readonly index: RepositoryIndex;
}

/**
 * Checks out the committed HEAD of `repoDir` into `checkout` and reads it: packages, public
 * definitions (`ctags -R`), each file's line count. Throws, naming the folder, when it is not
 * a git repository with a commit.
 */
export async function prepareRepository(repoDir: string, checkout: string): Promise<PreparedRepository> {
  let commit: string;
  try {
    commit = checkOutHead(repoDir, checkout);
  } catch (e: unknown) {
    throw new Error(`${repoDir} is not a git repository with a commit (its HEAD is what gets documented)`, {
      cause: e,
    });
  }
  const tree = readSourceTree(checkout);
  const files = execFileSync('git', ['-C', checkout, 'ls-files', '-z'], { encoding: 'utf8' })
    .split('\0')
    .filter(Boolean).length;
  const packages = detectPackages(tree);
  return {
    path: repoDir,
    commit,
    files,
    packages,
    definitions: publicDefinitions(await runCtags(checkout), packages, tree),
    index: indexRepository(tree.files.map((f) => [f, lineCount(tree.read(f) ?? '')])),
  };
}
