import { execFileSync } from 'node:child_process';
import { mkdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { createDbClient } from '@repowiki/db';
import { TaskClient, Topology } from '@repowiki/runtime/client';
import { startBenchServices } from './bench-services.js';
import { compareSnapshots, type SnapshotDifference } from './compare-snapshots.js';
import { runCtags } from './ctags.js';
import { measureWiki, type WikiMeasures } from './measure-wiki.js';
import { detectPackages } from './packages.js';
import { processRepository } from './process-repository.js';
import { publicDefinitions } from './public-definitions.js';
import { indexRepository } from './resolve-url.js';
import { checkOutHead, lineCount, readSourceTree } from './source-tree.js';

export interface WikiBenchOptions {
  /** Local git repositories; their committed HEAD is documented. */
  readonly repositories: readonly string[];
  readonly natsUrl: string;
  /** A migrated database the run may fill (the bench script makes a scratch one). */
  readonly databaseUrl: string;
  /** NATS_NAMESPACE of this run; its streams are deleted at the end. */
  readonly namespace: string;
  /** Scratch folder: checkouts and the services' clones. */
  readonly workDir: string;
  /** Progress lines. @default none */
  readonly log?: (line: string) => void;
}

export interface WikiBenchRow {
  /** The folder name. */
  readonly repository: string;
  readonly commit: string;
  /** Files tracked at HEAD (`git ls-files`). */
  readonly files: number;
  /** Ledger time of the first process task (the service's first task: grammars load cold). */
  readonly taskMs: number;
  /** Ledger time of the second process task of the same repository. */
  readonly secondTaskMs: number;
  /** Packages found in the source tree (see `packages.ts`). */
  readonly packagesFound: number;
  readonly measures: WikiMeasures;
  /** A second process task for the same repository (another warehouse) against the first. */
  readonly determinism: SnapshotDifference;
  /** False when a run's mind-map task did not finish in time (the stored map was measured). */
  readonly mapSettled: boolean;
}

/**
 * `pnpm bench wiki`: each repository goes through the real task path twice (warehouse-svc
 * and minimap-svc as processes, a task client submitting `tasks.warehouse.process`), and the
 * first run's stored wiki is measured against the repository's own HEAD: its packages and
 * Universal Ctags' public definitions.
 */
export async function runWikiBench(o: WikiBenchOptions): Promise<WikiBenchRow[]> {
  const log = o.log ?? (() => {});
  const repositories = o.repositories.map((r) => realpathSync(r));
  const repositoriesDir = join(o.workDir, 'clones');
  mkdirSync(repositoriesDir, { recursive: true });
  const services = await startBenchServices({
    natsUrl: o.natsUrl,
    databaseUrl: o.databaseUrl,
    namespace: o.namespace,
    repositoriesDir,
    localRoots: repositories,
  });
  const nc = await connect({ servers: o.natsUrl.split(','), noAsyncTraces: true, name: 'bench-wiki' });
  const db = createDbClient(o.databaseUrl, { max: 2, applicationName: 'bench-wiki' });
  const client = new TaskClient({ nc, db, namespace: o.namespace });
  const rows: WikiBenchRow[] = [];
  try {
    for (const [i, repo] of repositories.entries()) {
      const checkout = join(o.workDir, `tree-${i}`);
      const commit = checkOutHead(repo, checkout);
      const tree = readSourceTree(checkout);
      const files = execFileSync('git', ['-C', checkout, 'ls-files', '-z'], { encoding: 'utf8' })
        .split('\0')
        .filter(Boolean).length;
      const packages = detectPackages(tree);
      const definitions = publicDefinitions(await runCtags(checkout), packages, tree);
      log(`${repo}: ${files} files, ${packages.length} packages; processing…`);
      const first = await processRepository(client, db, repo).catch((e: unknown) => {
        throw new Error(`${repo}: ${e instanceof Error ? e.message : String(e)}\n${services.logs()}`);
      });
      log(`${repo}: done in ${(first.taskMs / 1000).toFixed(2)} s; second run for determinism…`);
      const second = await processRepository(client, db, repo);
      const measures = await measureWiki({
        snapshot: first.snapshot,
        packages,
        definitions,
        repository: indexRepository(tree.files.map((f) => [f, lineCount(tree.read(f) ?? '')])),
      });
      rows.push({
        repository: repo.slice(repo.lastIndexOf('/') + 1),
        commit,
        files,
        taskMs: first.taskMs,
        secondTaskMs: second.taskMs,
        packagesFound: packages.length,
        measures,
        determinism: compareSnapshots(first.snapshot, second.snapshot),
        mapSettled: first.mapSettled && second.mapSettled,
      });
    }
  } finally {
    await client.close();
    await services.stop();
    const jsm = await jetstreamManager(nc);
    for (const s of new Topology(o.namespace).streams()) await jsm.streams.delete(s.name).catch(() => false);
    await nc.close();
    await db.close();
  }
  return rows;
}
