import { mkdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { createDbClient } from '@repowiki/db';
import { TaskClient, Topology } from '@repowiki/runtime/client';
import { startBenchServices } from './bench-services.js';
import { compareSnapshots, type SnapshotDifference } from './compare-snapshots.js';
import { measureWiki, type WikiMeasures } from './measure-wiki.js';
import { type PreparedRepository, prepareRepository } from './prepare-repository.js';
import { processRepository } from './process-repository.js';

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
  const prepared: PreparedRepository[] = [];
  for (const [i, repo] of o.repositories.entries()) {
    prepared.push(await prepareRepository(realpathSync(repo), join(o.workDir, `tree-${i}`)));
  }
  const repositoriesDir = join(o.workDir, 'clones');
  mkdirSync(repositoriesDir, { recursive: true });
  const services = await startBenchServices({
    natsUrl: o.natsUrl,
    databaseUrl: o.databaseUrl,
    namespace: o.namespace,
    repositoriesDir,
    localRoots: prepared.map((r) => r.path),
  });
  const nc = await connect({ servers: o.natsUrl.split(','), noAsyncTraces: true, name: 'bench-wiki' });
  const db = createDbClient(o.databaseUrl, { max: 2, applicationName: 'bench-wiki' });
  const client = new TaskClient({ nc, db, namespace: o.namespace });
  const rows: WikiBenchRow[] = [];
  try {
    for (const repo of prepared) {
      log(`${repo.path}: ${repo.files} files, ${repo.packages.length} packages; processing…`);
      const first = await processRepository(client, db, repo.path).catch((e: unknown) => {
        throw new Error(`${repo.path}: ${e instanceof Error ? e.message : String(e)}\n${services.logs()}`);
      });
      log(`${repo.path}: done in ${(first.taskMs / 1000).toFixed(2)} s; second run for determinism…`);
      const second = await processRepository(client, db, repo.path);
      rows.push({
        repository: repo.path.slice(repo.path.lastIndexOf('/') + 1),
        commit: repo.commit,
        files: repo.files,
        taskMs: first.taskMs,
        secondTaskMs: second.taskMs,
        packagesFound: repo.packages.length,
        measures: await measureWiki({
          snapshot: first.snapshot,
          packages: repo.packages,
          definitions: repo.definitions,
          repository: repo.index,
        }),
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
