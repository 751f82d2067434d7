import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@repowiki/db';
import { buildConsoleWeb, runService, type ServiceProcess, waitForHttp } from '@repowiki/devstack';

export interface ConsoleStack {
  readonly consoleUrl: string;
  readonly operatorToken: string;
  readonly viewerToken: string;
  logs(): string;
  /** Everything one service wrote so far. */
  output(name: string): string;
  stop(): Promise<void>;
}

/** A boot compiles the sources with swc on a possibly busy machine. @default 120_000 (2 min) */
const BOOT_TIMEOUT_MS = 120_000;

/**
 * The system as processes, like `pnpm dev`: warehouse-svc, minimap-svc, scheduler-svc and the
 * console (with the front-end built), on the test's NATS (own namespace) and database.
 * warehouse-svc may clone local repositories under `localRoot` and, over http, 127.0.0.1 (the
 * hanging git server of the revoke test).
 */
export async function startConsoleStack(o: {
  natsUrl: string;
  databaseUrl: string;
  namespace: string;
  localRoot: string;
}): Promise<ConsoleStack> {
  const webDir = mkdtempSync(join(tmpdir(), 'rw-console-web-'));
  const operatorToken = randomBytes(24).toString('base64url');
  const viewerToken = randomBytes(24).toString('base64url');
  const common = {
    NATS_URL: o.natsUrl,
    NATS_NAMESPACE: o.namespace,
    DATABASE_URL: o.databaseUrl,
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
  };
  const repositoriesDir = mkdtempSync(join(tmpdir(), 'rw-console-clones-'));
  const consolePort = await freePort();
  const specs: { name: string; env: Record<string, string>; port: number }[] = [
    {
      name: 'warehouse-svc',
      port: await freePort(),
      env: {
        REPOSITORIES_DIR: repositoriesDir,
        ALLOW_LOCAL_REPOS: 'true',
        LOCAL_REPO_ROOTS: o.localRoot,
        ALLOWED_GIT_SCHEMES: 'https,ssh,http',
        ALLOWED_PRIVATE_GIT_HOSTS: '127.0.0.1',
        CLONE_TIMEOUT_MS: '300000',
      },
    },
    { name: 'minimap-svc', port: await freePort(), env: { REPOSITORIES_DIR: repositoriesDir } },
    { name: 'scheduler-svc', port: await freePort(), env: {} },
    {
      name: 'console',
      port: consolePort,
      env: {
        CONSOLE_TOKEN: operatorToken,
        CONSOLE_VIEWER_TOKEN: viewerToken,
        CONSOLE_WEB_DIR: webDir,
        LOG_LEVEL: 'info',
      },
    },
  ];
  const started: { name: string; svc: ServiceProcess }[] = [];
  const logs = () => started.map(({ name, svc }) => `[${name}] ${svc.output().slice(-3_000)}`).join('\n');
  try {
    await Promise.all([
      buildConsoleWeb(webDir),
      ...specs.map(async (spec) => {
        const svc = runService(spec.name, { env: { ...common, ...spec.env, HTTP_PORT: String(spec.port) } });
        started.push({ name: spec.name, svc });
        let booting = true;
        await Promise.race([
          waitForHttp(`http://127.0.0.1:${spec.port}/readyz`, { timeoutMs: BOOT_TIMEOUT_MS }),
          svc.exited.then((e) => {
            if (booting)
              throw new Error(
                `${spec.name} exited during boot (code ${e.code}): ${svc.output().slice(-2_000)}`,
              );
          }),
        ]).finally(() => {
          booting = false;
        });
      }),
    ]);
  } catch (e: unknown) {
    await Promise.all(started.map(({ svc }) => svc.stop('SIGKILL')));
    throw new Error(`${String(e)}\n${logs()}`);
  }
  return {
    consoleUrl: `http://127.0.0.1:${consolePort}`,
    operatorToken,
    viewerToken,
    logs,
    output: (name) => started.find((s) => s.name === name)?.svc.output() ?? '',
    async stop() {
      await Promise.all(
        started.map(async ({ svc }) => {
          const timer = setTimeout(() => void svc.stop('SIGKILL'), 15_000);
          await svc.stop('SIGTERM');
          clearTimeout(timer);
        }),
      );
    },
  };
}
