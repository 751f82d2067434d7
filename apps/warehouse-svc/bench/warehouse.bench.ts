/**
 * `pnpm bench warehouse <path-or-url>`: analysis + generation of one repository (clone
 * excluded), side by side with `git clone --no-local` and `ctags -R` on the same tree.
 * Prints files/s, total time and peak memory (RSS high-water mark) of each.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { analyzeRepository } from '../src/analysis/analyze-repository.js';
import { createWarehouseConfig } from '../src/config/warehouse-config.js';
import { buildMinimap } from '../src/generate/build-minimap.js';
import { planCatalog } from '../src/generate/catalog-plan.js';
import { classifyRepository } from '../src/generate/classify.js';
import { renderDirectoryTree } from '../src/generate/directory-tree.js';
import { renderPage } from '../src/generate/render-page.js';
import { readCommits } from '../src/source/git-history.js';

interface Timed {
  readonly ms: number;
  readonly peakMb: number;
}

/** Runs a command and reads its peak RSS from GNU time-less /proc polling (every 20 ms). */
function timeCommand(cmd: string, args: string[], cwd: string): Promise<Timed> {
  return new Promise((resolvePromise, reject) => {
    const start = performance.now();
    const child = spawn(cmd, args, { cwd, stdio: 'ignore' });
    let peak = 0;
    const poll = setInterval(async () => {
      try {
        const { readFileSync } = await import('node:fs');
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peak = Math.max(peak, Number(m[1]) / 1024);
      } catch {}
    }, 20);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(poll);
      if (code !== 0) reject(new Error(`${cmd} exited with ${code}`));
      else resolvePromise({ ms: performance.now() - start, peakMb: peak });
    });
  });
}

async function main(): Promise<void> {
  const target = process.argv[2];
  if (!target) throw new Error('usage: warehouse.bench.ts <path-or-url>');
  const work = mkdtempSync(join(tmpdir(), 'repowiki-bench-'));
  const source = /^[a-z]+:\/\//.test(target) ? target : resolve(target);
  try {
    const cloneDir = join(work, 'clone');
    const clone = await timeCommand('git', ['clone', '--quiet', '--no-local', '--', source, cloneDir], work);
    const ctags = await timeCommand('ctags', ['-R', '-f', join(work, 'tags'), '.'], cloneDir);

    const config = createWarehouseConfig({ repositoriesDir: work });
    const baseRss = process.memoryUsage().rss;
    let peakRss = baseRss;
    const sample = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
    const start = performance.now();
    const analysis = await analyzeRepository(cloneDir, true, config);
    const commits = await readCommits(cloneDir, 'HEAD', 20);
    const classification = classifyRepository(analysis);
    renderDirectoryTree(analysis.files.map((f) => f.path));
    buildMinimap(analysis, 'bench');
    const pages = planCatalog(analysis, commits, true);
    let bytes = 0;
    for (const page of pages) bytes += renderPage({ page, analysis, classification, repoName: 'bench', commits }).length;
    const ms = performance.now() - start;
    clearInterval(sample);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);

    const files = analysis.files.length + analysis.skipped.length;
    const row = (name: string, t: Timed) => `${name.padEnd(26)} ${(t.ms / 1000).toFixed(2).padStart(8)} s ${(files / (t.ms / 1000)).toFixed(0).padStart(10)} files/s ${t.peakMb.toFixed(0).padStart(7)} MB`;
    console.log(`repository: ${target} — ${files} files (${analysis.skipped.length} skipped), ${pages.length} pages, ${bytes} bytes of Markdown, ${classification}`);
    console.log(row('git clone --no-local', clone));
    console.log(row('ctags -R', ctags));
    console.log(row('warehouse analyse+generate', { ms, peakMb: peakRss / 1024 / 1024 }));
    console.log(`ratio to ctags: ${(ms / ctags.ms).toFixed(2)}× (target ≤ 3×); peak RSS of this process ${(peakRss / 1024 / 1024).toFixed(0)} MB (target < 500 MB)`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
