// The measured phase of warehouse.bench.ts, run from the built `dist/` in a plain `node`
// (no TypeScript loader): the memory a deployed warehouse-svc actually needs. Prints one JSON
// line. Usage: node phase-from-dist.mjs <clone-dir> <work-dir>
import { readFileSync, writeFileSync } from 'node:fs';

const dist = new URL('../dist/', import.meta.url);
const load = (path) => import(new URL(path, dist).href);
const [
  { analyzeRepository },
  { createWarehouseConfig },
  { codeOutline },
  { planCatalog },
  { classifyRepository },
] = await Promise.all([
  load('analysis/analyze-repository.js'),
  load('config/warehouse-config.js'),
  load('generate/code-outline.js'),
  load('generate/catalog-plan.js'),
  load('generate/classify.js'),
]);
const [{ renderDirectoryTree }, { renderPage }, { readCommits }] = await Promise.all([
  load('generate/directory-tree.js'),
  load('generate/render-page.js'),
  load('source/git-history.js'),
]);

const [cloneDir, work] = process.argv.slice(2);
const config = createWarehouseConfig({ repositoriesDir: work });
writeFileSync('/proc/self/clear_refs', '5');
const baseMb = process.memoryUsage().rss / 1048576;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const analysis = await analyzeRepository(cloneDir, true, config);
const commits = await readCommits(cloneDir, 'HEAD', 20);
const classification = classifyRepository(analysis);
renderDirectoryTree(analysis.files.map((f) => f.path));
codeOutline(analysis, 'bench', 'bench');
for (const page of planCatalog(analysis, commits, true))
  renderPage({ page, analysis, classification, repoName: 'bench', commits });
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const peakMb = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) / 1024;
console.log(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, peakMb, baseMb }));
