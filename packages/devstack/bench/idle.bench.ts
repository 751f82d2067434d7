/**
 * `pnpm bench idle [--idle-seconds S] [--only a-svc,b-svc] [--no-baseline]`
 *
 * What each of the six services costs while it waits for work, run as deployed: the image's
 * command (`CMD` of infra/docker/Dockerfile, read from the file so this measures what ships)
 * from the app's folder with NODE_ENV=production. All six start
 * at once against a NATS namespace and a PostgreSQL database of their own (migrated first),
 * and are sampled once every /readyz answers 200 and they have sat idle for a few seconds:
 * RSS and threads from /proc, heap used/total from their own /metrics. A second row per
 * service runs the same with the idle heap trim off (IDLE_HEAP_TRIM=false: the before); a
 * third start per service, with a module-counting preload, gives the number of
 * modules loaded (kept out of the measured rows, as the preload has its own cost).
 *
 * Builds nothing: it says what to build when a dist/ is missing. Stops every process it
 * started by PID and removes its streams and database at the end, failed or not.
 * Uses NATS_URL and DATABASE_URL (a server it may create a database on), defaulting to the
 * machine's services on 127.0.0.1.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { createDbClient, freePort, migrate } from '@repowiki/db';
import { Topology } from '@repowiki/runtime';
import { REPO_ROOT } from '../src/services.js';
import { stopProcess } from '../src/stop-process.js';
import { waitForHttp } from '../src/wait-for-http.js';

/** The issue-17 target, per service, as deployed. */
const TARGET_RSS_MB = 120;
const SERVICES = [
  'warehouse-svc',
  'stats-svc',
  'accesslog-svc',
  'minimap-svc',
  'migration-svc',
  'scheduler-svc',
] as const;

const { values } = parseArgs({
  options: {
    'idle-seconds': { type: 'string', default: '5' },
    only: { type: 'string' },
    'no-baseline': { type: 'boolean', default: false },
  },
});
const idleMs = Number(values['idle-seconds']) * 1000;
const services = SERVICES.filter((s) => !values.only || values.only.split(',').includes(s));

const missing = services.filter((s) => !existsSync(join(REPO_ROOT, 'apps', s, 'dist', 'main.js')));
if (missing.length > 0) {
  console.error(
    `idle: no dist/ for ${missing.join(', ')}; build first:\n  pnpm turbo run build ${missing
      .map((s) => `--filter=@repowiki/${s}...`)
      .join(' ')}`,
  );
  process.exit(2);
}

const deployed = readDockerfileCommand();
const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const tag = randomBytes(4).toString('hex');
const namespace = `idle-${tag}`;
const database = `idle_bench_${tag}`;
const databaseUrl = withDatabase(adminUrl, database);
const work = mkdtempSync(join(tmpdir(), 'repowiki-idle-'));
const counter = fileURLToPath(new URL('./count-modules.mjs', import.meta.url));

interface Sample {
  service: string;
  run: string;
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  threads: number;
}

interface Started {
  service: string;
  child: ChildProcess;
  port: number;
  log: string;
}

const started = new Set<ChildProcess>();
const admin = createDbClient(adminUrl, { applicationName: 'idle-bench' });
try {
  console.log(`machine load: ${readFileSync('/proc/loadavg', 'utf8').trim()}; node ${process.version}`);
  console.log(`as deployed: NODE_ENV=production node ${[...deployed.nodeArgs, deployed.script].join(' ')}`);
  console.log(`namespace ${namespace}, database ${database}; idle ${idleMs / 1000} s after /readyz\n`);
  await admin.sql.unsafe(`create database ${database}`);
  await migrate(databaseUrl);

  const samples: Sample[] = [];
  samples.push(...(await measure('as deployed', deployed.nodeArgs)));
  if (!values['no-baseline'])
    samples.push(...(await measure('IDLE_HEAP_TRIM=false', deployed.nodeArgs, { IDLE_HEAP_TRIM: 'false' })));
  const modules = await countModules(deployed.nodeArgs);

  const rows = services.flatMap((service) =>
    samples
      .filter((s) => s.service === service)
      .map((s) => ({
        service,
        run: s.run,
        'RSS MB': s.rssMb.toFixed(1),
        'target MB': `≤ ${TARGET_RSS_MB}`,
        ok: s.rssMb <= TARGET_RSS_MB ? 'yes' : 'NO',
        'heap used MB': s.heapUsedMb.toFixed(1),
        'heap total MB': s.heapTotalMb.toFixed(1),
        threads: s.threads,
        modules: modules.get(service) ?? '?',
      })),
  );
  console.table(rows);
  const asDeployed = samples.filter((s) => s.run === 'as deployed');
  console.log(
    `as deployed: ${asDeployed.filter((s) => s.rssMb <= TARGET_RSS_MB).length}/${asDeployed.length} services at ≤ ${TARGET_RSS_MB} MB RSS; total ${asDeployed
      .reduce((n, s) => n + s.rssMb, 0)
      .toFixed(0)} MB`,
  );
  console.log(`machine load: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
} finally {
  await Promise.all([...started].map((c) => stopProcess(c)));
  await cleanNamespace().catch((e: unknown) => console.error('idle: cannot remove the streams:', e));
  await admin.sql.unsafe(`drop database if exists ${database} with (force)`).catch(() => {});
  await admin.close();
  rmSync(work, { recursive: true, force: true });
}

/** Starts every service with `nodeArgs`, waits for ready + idle, samples, stops them. */
async function measure(
  run: string,
  nodeArgs: readonly string[],
  env: Record<string, string> = {},
): Promise<Sample[]> {
  const running = await startAll(nodeArgs, () => env);
  try {
    await new Promise((r) => setTimeout(r, idleMs));
    return await Promise.all(running.map((s) => sample(s, run)));
  } finally {
    await stopAll(running);
  }
}

/** The same start with a preload that counts every module file loaded (ESM and CommonJS). */
async function countModules(nodeArgs: readonly string[]): Promise<Map<string, number>> {
  const files = new Map<string, string>(services.map((s) => [s, join(work, `${s}.modules`)]));
  const running = await startAll([...nodeArgs, '--import', counter], (s) => ({
    IDLE_BENCH_MODULES_FILE: files.get(s) ?? '',
  }));
  try {
    await new Promise((r) => setTimeout(r, 1_000));
    return new Map(
      services.map((s) => [
        s,
        readFileSync(files.get(s) ?? '', 'utf8')
          .split('\n')
          .filter(Boolean).length,
      ]),
    );
  } finally {
    await stopAll(running);
  }
}

async function startAll(
  nodeArgs: readonly string[],
  perService: (s: string) => Record<string, string> = () => ({}),
): Promise<Started[]> {
  const running: Started[] = [];
  for (const service of services) {
    const port = await freePort();
    const log = join(work, `${service}.log`);
    const fd = openSync(log, 'w');
    const dir = join(REPO_ROOT, 'apps', service);
    const child = spawn(process.execPath, [...nodeArgs, deployed.script], {
      cwd: dir,
      // What the image sets, and what each service needs to start in a scratch namespace.
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        NATS_URL: natsUrl,
        NATS_NAMESPACE: namespace,
        DATABASE_URL: databaseUrl,
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(port),
        REPOSITORIES_DIR: join(work, 'repositories'),
        BACKUP_DIR: join(work, 'backups'),
        BACKUP_SIGNING_KEY: 'k'.repeat(40),
        ADMIN_GENERATED_PASSWORD_FILE: join(work, 'admin-password'),
        ...perService(service),
      },
      stdio: ['ignore', fd, fd],
    });
    closeSync(fd);
    started.add(child);
    running.push({ service, child, port, log });
  }
  await Promise.all(
    running.map(async (s) => {
      const exited = new Promise<never>((_, reject) =>
        s.child.once('exit', (code) =>
          reject(new Error(`${s.service} exited (${code}):\n${readFileSync(s.log, 'utf8').slice(-2000)}`)),
        ),
      );
      exited.catch(() => {});
      await Promise.race([waitForHttp(`http://127.0.0.1:${s.port}/readyz`, { timeoutMs: 120_000 }), exited]);
    }),
  );
  return running;
}

async function stopAll(running: Started[]): Promise<void> {
  await Promise.all(
    running.map(async (s) => {
      await stopProcess(s.child);
      started.delete(s.child);
    }),
  );
}

async function sample(s: Started, run: string): Promise<Sample> {
  // Heap first, then RSS: a trim landing between the two reads then shows in both (the other
  // order, on a loaded machine, paired a trimmed heap with the RSS from before the trim).
  const metrics = await (await fetch(`http://127.0.0.1:${s.port}/metrics`)).text();
  const status = readFileSync(`/proc/${s.child.pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? Number.NaN);
  const gauge = (name: string) =>
    Number(new RegExp(`^${name}\\{[^}]*\\} (\\S+)`, 'm').exec(metrics)?.[1] ?? Number.NaN) / 2 ** 20;
  return {
    service: s.service,
    run,
    rssMb: kb('VmRSS') / 1024,
    heapUsedMb: gauge('nodejs_heap_size_used_bytes'),
    heapTotalMb: gauge('nodejs_heap_size_total_bytes'),
    threads: kb('Threads'),
  };
}

async function cleanNamespace(): Promise<void> {
  const nc = await connect({ servers: natsUrl, noAsyncTraces: true });
  try {
    const jsm = await jetstreamManager(nc);
    for (const s of new Topology(namespace, {}).streams())
      await jsm.streams.delete(s.name).catch(() => false);
  } finally {
    await nc.close();
  }
}

/** The image's command (`CMD ["node", …flags, "dist/main.js"]` in infra/docker/Dockerfile). */
function readDockerfileCommand(): { nodeArgs: string[]; script: string } {
  const dockerfile = readFileSync(join(REPO_ROOT, 'infra', 'docker', 'Dockerfile'), 'utf8');
  const cmd = /^CMD (\[.*\])$/m.exec(dockerfile)?.[1];
  const argv = cmd ? (JSON.parse(cmd) as string[]) : [];
  if (argv[0] !== 'node' || !argv.at(-1)?.endsWith('.js'))
    throw new Error(`idle: cannot read the image's command from infra/docker/Dockerfile (${cmd})`);
  return { nodeArgs: argv.slice(1, -1), script: argv.at(-1) ?? '' };
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
