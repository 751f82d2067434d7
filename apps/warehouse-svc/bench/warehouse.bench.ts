/**
 * `pnpm bench warehouse <path-or-url>`: analysis + generation of one repository (clone
 * excluded), side by side with `git clone --no-local` and `ctags -R` on the same tree.
 * Prints wall and CPU time, files/s and peak memory (RSS high-water mark) of each.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeRepository } from '../src/analysis/analyze-repository.js';
import { createWarehouseConfig } from '../src/config/warehouse-config.js';
import { planCatalog } from '../src/generate/catalog-plan.js';
import { classifyRepository } from '../src/generate/classify.js';
import { codeOutline } from '../src/generate/code-outline.js';
import { renderDirectoryTree } from '../src/generate/directory-tree.js';
import { renderPage } from '../src/generate/render-page.js';
import { readCommits } from '../src/source/git-history.js';

interface Timed {
  readonly ms: number;
  /** user + system CPU time. */
  readonly cpuMs: number;
  readonly peakMb: number;
}

const GNU_TIME = '/usr/bin/time';

/**
 * Runs a command under GNU time (`apt-get install time`), which reads the child's
 * rusage: exact CPU time and peak RSS, even of a peak shorter than any polling interval.
 * CPU time is the fair comparison on a shared machine, where wall time depends on what
 * else runs.
 */
function timeCommand(cmd: string, args: string[], cwd: string): Promise<Timed> {
  return new Promise((resolvePromise, reject) => {
    const start = performance.now();
    const child = spawn(GNU_TIME, ['-f', '%U %S %M', cmd, ...args], {
      cwd,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - start;
      const m = /([\d.]+) ([\d.]+) (\d+)\s*$/.exec(stderr);
      if (code !== 0 || !m) reject(new Error(`${cmd} exited with ${code}: ${stderr.slice(-500)}`));
      else resolvePromise({ ms, cpuMs: (Number(m[1]) + Number(m[2])) * 1000, peakMb: Number(m[3]) / 1024 });
    });
  });
}

/** The 1, 5 and 15 minute load averages: wall times mean little when they exceed the cores. */
function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

/** This process's resident-set high-water mark (VmHWM), in MB. */
function peakRssMb(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}

/**
 * Resets VmHWM to the current RSS (Linux `clear_refs` 5), so the peak read afterwards
 * belongs to the measured phase and not to start-up (the TypeScript loader compiling
 * every module peaks well above the steady state).
 */
function resetPeakRss(): void {
  writeFileSync('/proc/self/clear_refs', '5');
}

/**
 * The same phase from `dist/` in a plain node (what an image runs): `phase-from-dist.mjs` in a
 * child process. Undefined when warehouse-svc has not been built.
 */
function measureBuilt(cloneDir: string, work: string): Timed | undefined {
  const script = fileURLToPath(new URL('./phase-from-dist.mjs', import.meta.url));
  if (!existsSync(fileURLToPath(new URL('../dist/analysis/analyze-repository.js', import.meta.url))))
    return undefined;
  const run = spawnSync(process.execPath, [script, cloneDir, work], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`built run failed: ${run.stderr}`);
  const out = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as Timed;
  return { ms: out.ms, cpuMs: out.cpuMs, peakMb: out.peakMb };
}

async function main(): Promise<void> {
  const target = process.argv[2];
  if (!target) throw new Error('usage: warehouse.bench.ts <path-or-url>');
  const work = mkdtempSync(join(tmpdir(), 'repowiki-bench-'));
  const loadAtStart = loadAverage();
  const source = /^[a-z]+:\/\//.test(target) ? target : resolve(target);
  try {
    const cloneDir = join(work, 'clone');
    const clone = await timeCommand('git', ['clone', '--quiet', '--no-local', '--', source, cloneDir], work);
    const ctags = await timeCommand('ctags', ['-R', '-f', join(work, 'tags'), '.'], cloneDir);

    const config = createWarehouseConfig({ repositoriesDir: work });
    // Grammar loading and WASM compilation are part of the work: the first file of each
    // language pays for them inside the measured phase.
    resetPeakRss();
    const baseMb = process.memoryUsage().rss / 1024 / 1024;
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    const analysis = await analyzeRepository(cloneDir, true, config);
    const commits = await readCommits(cloneDir, 'HEAD', 20);
    const classification = classifyRepository(analysis);
    renderDirectoryTree(analysis.files.map((f) => f.path));
    codeOutline(analysis, 'bench', 'bench');
    const pages = planCatalog(analysis, commits, true, 'bench');
    let bytes = 0;
    for (const page of pages)
      bytes += renderPage({ page, analysis, classification, repoName: 'bench', commits }).length;
    const ms = performance.now() - start;
    const cpu = process.cpuUsage(cpuStart);
    const ours: Timed = { ms, cpuMs: (cpu.user + cpu.system) / 1000, peakMb: peakRssMb() };

    const files = analysis.files.length + analysis.skipped.length;
    const row = (name: string, t: Timed) =>
      `${name.padEnd(28)} ${(t.ms / 1000).toFixed(2).padStart(7)} s ${(t.cpuMs / 1000).toFixed(2).padStart(7)} s ${(files / (t.ms / 1000)).toFixed(0).padStart(8)} ${t.peakMb.toFixed(0).padStart(8)}`;
    console.log(
      `repository: ${target} — ${files} files (${analysis.skipped.length} skipped), ${pages.length} pages, ${bytes} bytes of Markdown, ${classification}`,
    );
    console.log(
      `${''.padEnd(28)} ${'wall'.padStart(9)} ${'cpu'.padStart(9)} ${'files/s'.padStart(8)} ${'peak MB'.padStart(8)}`,
    );
    console.log(
      `load average (1/5/15 min): ${loadAtStart} at the start, ${loadAverage()} now, on ${availableParallelism()} cores`,
    );
    console.log(row('git clone --no-local', clone));
    console.log(row('ctags -R', ctags));
    console.log(row('warehouse analyse+generate', ours));
    const built = measureBuilt(cloneDir, work);
    if (built) console.log(row('  same, built (no TS loader)', built));
    console.log(
      `ratio to ctags: ${(ms / ctags.ms).toFixed(2)}× wall, ${(ours.cpuMs / ctags.cpuMs).toFixed(2)}× cpu (target ≤ 3×); ` +
        `peak RSS ${ours.peakMb.toFixed(0)} MB (target < 500 MB), of which ${baseMb.toFixed(0)} MB were resident before the phase (node + TS loader + modules)`,
    );
    if (built) {
      console.log(
        `built: ${(built.ms / ctags.ms).toFixed(2)}× wall, ${(built.cpuMs / ctags.cpuMs).toFixed(2)}× cpu; peak RSS ${built.peakMb.toFixed(0)} MB as deployed`,
      );
    } else {
      console.log('built run skipped: `pnpm turbo run build --filter=@repowiki/warehouse-svc...` first');
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
