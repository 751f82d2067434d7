import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The pipeline's stages, in the order its imports must read (issue 13, "Shape"): a folder
// imports only from its own stage and the ones before it, so no import circle, not even a
// type-only one, can form between stages. Within a folder, circles are checked file by file.
const STAGES = [
  'config',
  'source',
  'analysis',
  'generate',
  'persist',
  'pipeline',
  'scheduling',
  'handlers',
  '.', // env.ts, app.module.ts, main.ts
] as const;

const SRC = dirname(fileURLToPath(import.meta.url));
const IMPORT =
  /(?:^|\n)\s*(?:import|export)\b[^'"`;]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    // testing/ (test helpers) and bench/ (`pnpm bench wiki`, which only reads what the
    // pipeline stored, with its own queries) are tools around the pipeline, not stages of it.
    if (e.isDirectory()) return e.name === 'testing' || e.name === 'bench' ? [] : sourceFiles(path);
    return /\.(ts|mjs)$/.test(e.name) && !/\.test\.ts$/.test(e.name) ? [relative(SRC, path)] : [];
  });
}

/** Repository-relative file → the files it imports (type-only imports included). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(join(SRC, file), 'utf8');
    const targets = [...text.matchAll(IMPORT)].map((m) =>
      posix.normalize(posix.join(posix.dirname(file), (m[1] ?? m[2] ?? '').replace(/\.js$/, '.ts'))),
    );
    graph.set(file, targets);
  }
  return graph;
}

const stageOf = (file: string) => {
  const folder = file.includes('/') ? (file.split('/')[0] ?? '') : '.';
  return STAGES.indexOf(folder as (typeof STAGES)[number]);
};

describe('stage order of warehouse-svc', () => {
  const graph = importGraph();

  it('puts every source folder in a stage', () => {
    expect([...graph.keys()].filter((f) => stageOf(f) < 0)).toEqual([]);
  });

  it('imports only from the same or an earlier stage', () => {
    const backwards = [...graph].flatMap(([from, targets]) =>
      targets.filter((to) => stageOf(to) > stageOf(from)).map((to) => `${from} -> ${to}`),
    );
    expect(backwards).toEqual([]);
  });

  it('has no import circle between files', () => {
    const circles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        circles.push([...path.slice(path.indexOf(file)), file].join(' -> '));
        return;
      }
      state.set(file, 'open');
      for (const to of graph.get(file) ?? []) visit(to, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of [...graph.keys()].sort()) visit(file, []);
    expect(circles).toEqual([]);
  });

  it('keeps SQL in persist/*.query.ts', () => {
    const SQL = /\b(sql|tx)(<[^`]*>)?`|\.db\.(select|insert|update|delete)\(/;
    const misplaced = [...graph.keys()].filter(
      (f) => SQL.test(readFileSync(join(SRC, f), 'utf8')) && !/^persist\/[^/]+\.query\.ts$/.test(f),
    );
    expect(misplaced).toEqual([]);
  });
});
