/**
 * `pnpm bench wiki <repository path>… [--details N]`: the wiki quality benchmark (issue 13).
 * Each local git repository is processed twice through the real task path — warehouse-svc
 * and minimap-svc as processes on NATS (own namespace) and a scratch PostgreSQL database —
 * and what was stored is judged against the repository's HEAD: packages with a page, recall
 * of public definitions and methods against `ctags -R`, Mermaid blocks that parse, mind-map
 * URLs that resolve, byte-identical second run. Prints one Markdown table row per repository;
 * `--details N` lists up to N misses of each kind. Rules: apps/warehouse-svc/README.md,
 * "Wiki quality benchmark".
 *
 * Uses NATS_URL and DATABASE_URL (defaults: the machine's services on 127.0.0.1); the scratch
 * database, the namespace's streams and the temp folder are removed at the end.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createDbClient, migrate } from '@repowiki/db';
import { formatDetails, formatTable } from '../src/bench/format-report.js';
import { runWikiBench } from '../src/bench/run-wiki-bench.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { details: { type: 'string' } },
});
if (positionals.length === 0) {
  process.stderr.write('usage: pnpm bench wiki <repository path>… [--details N]\n');
  process.exit(2);
}

const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const tag = randomBytes(4).toString('hex');
const dbName = `rw_wikibench_${tag}`;
const admin = createDbClient(adminUrl, { max: 1, applicationName: 'bench-wiki' });
const workDir = mkdtempSync(join(tmpdir(), 'repowiki-wikibench-'));
await admin.sql.unsafe(`create database "${dbName}"`);
try {
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  await migrate(url.toString());
  const rows = await runWikiBench({
    repositories: positionals.map((p) => resolve(p)),
    natsUrl,
    databaseUrl: url.toString(),
    namespace: `wikibench_${tag}`,
    workDir,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  console.log(`${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${cpus().length} cores\n`);
  console.log(formatTable(rows));
  if (values.details !== undefined) console.log(`\n${formatDetails(rows, Number(values.details) || 20)}`);
} finally {
  await admin.sql.unsafe(`drop database if exists "${dbName}" with (force)`);
  await admin.close();
  rmSync(workDir, { recursive: true, force: true });
}
