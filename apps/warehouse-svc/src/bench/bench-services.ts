import { freePort } from '@repowiki/db';
import { runService, type ServiceProcess, waitForHttp } from '@repowiki/devstack';

export interface BenchServiceOptions {
  readonly natsUrl: string;
  readonly databaseUrl: string;
  /** NATS_NAMESPACE: subjects and streams of this run only. */
  readonly namespace: string;
  /** Where warehouse-svc clones repositories (REPOSITORIES_DIR). */
  readonly repositoriesDir: string;
  /** LOCAL_REPO_ROOTS: the repositories to process must lie under these. */
  readonly localRoots: readonly string[];
}

export interface BenchServices {
  /** The last lines both services wrote (warn and above), for a failure message. */
  logs(): string;
  /** SIGTERM (drain), SIGKILL after STOP_TIMEOUT_MS. */
  stop(): Promise<void>;
}

/** A boot compiles the sources with swc on a possibly busy machine. @default 90_000 (90 s) */
const BOOT_TIMEOUT_MS = 90_000;
/** A drain that takes longer is cut short. @default 30_000 (30 s) */
const STOP_TIMEOUT_MS = 30_000;

/**
 * warehouse-svc and minimap-svc as real processes from source (what `pnpm dev` runs), on
 * the given NATS and PostgreSQL: tasks go through JetStream and the ledger, the mind map is
 * drawn by whichever service owns it after `events.warehouse.completed`. Resolves when both
 * answer /readyz; a service that exits during boot rejects with its output.
 */
export async function startBenchServices(o: BenchServiceOptions): Promise<BenchServices> {
  const common = {
    NATS_URL: o.natsUrl,
    NATS_NAMESPACE: o.namespace,
    DATABASE_URL: o.databaseUrl,
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
  };
  const specs: { name: string; env: Record<string, string> }[] = [
    {
      name: 'warehouse-svc',
      env: {
        REPOSITORIES_DIR: o.repositoriesDir,
        ALLOW_LOCAL_REPOS: 'true',
        LOCAL_REPO_ROOTS: o.localRoots.join(','),
      },
    },
    { name: 'minimap-svc', env: {} },
  ];
  const started: { name: string; svc: ServiceProcess }[] = [];
  const stop = async () => {
    await Promise.all(
      started.map(async ({ svc }) => {
        const timer = setTimeout(() => void svc.stop('SIGKILL'), STOP_TIMEOUT_MS);
        await svc.stop('SIGTERM');
        clearTimeout(timer);
      }),
    );
  };
  try {
    await Promise.all(
      specs.map(async (spec) => {
        const port = await freePort();
        const svc = runService(spec.name, { env: { ...common, ...spec.env, HTTP_PORT: String(port) } });
        started.push({ name: spec.name, svc });
        let booting = true;
        await Promise.race([
          waitForHttp(`http://127.0.0.1:${port}/readyz`, { timeoutMs: BOOT_TIMEOUT_MS }),
          svc.exited.then((e) => {
            // Only an exit during boot is an error here; the later, requested one is not.
            if (booting)
              throw new Error(
                `${spec.name} exited during boot (code ${e.code}): ${svc.output().slice(-2_000)}`,
              );
          }),
        ]).finally(() => {
          booting = false;
        });
      }),
    );
  } catch (e: unknown) {
    await Promise.all(started.map(({ svc }) => svc.stop('SIGKILL')));
    throw e;
  }
  return {
    logs: () => started.map(({ name, svc }) => `[${name}] ${svc.output().slice(-2_000)}`).join('\n'),
    stop,
  };
}
