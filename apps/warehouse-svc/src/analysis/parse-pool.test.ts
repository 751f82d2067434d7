import { afterAll, describe, expect, it } from 'vitest';
import type { ParseJob } from './parse.worker.js';
import { ParsePool } from './parse-pool.js';
import { extractSymbols } from './symbols.js';

const JOBS: ParseJob[] = [
  {
    language: 'TypeScript',
    source: 'import { a } from "./a";\n/** Adds. */\nexport function add() {}\nexport class Box {}\n',
  },
  { language: 'Python', source: 'import os\ndef run():\n    """Runs."""\n' },
  { language: 'Go', source: 'package m\nimport "fmt"\n// Hello greets.\nfunc Hello() {}\n' },
  { language: 'JavaScript', source: 'const c = require("./c");\nfunction f() {}\n' },
];

describe('ParsePool', () => {
  // Runs from src here: the threads load parse.worker.ts through Node's type stripping.
  const pool = new ParsePool();
  afterAll(() => pool.close());

  it('uses at least two threads', () => {
    expect(pool.threads).toBeGreaterThanOrEqual(2);
  });

  it('returns, in job order, what extractSymbols returns in this thread', async () => {
    const inThread = await Promise.all(JOBS.map((j) => extractSymbols(j.language, j.source)));
    // Several tasks at once, so both threads answer and results still come back in order.
    const batches = await Promise.all([
      pool.parse(JOBS),
      pool.parse([...JOBS].reverse()),
      pool.parse(JOBS.slice(1, 2)),
    ]);
    expect(batches[0]).toEqual(inThread);
    expect(batches[1]).toEqual([...inThread].reverse());
    expect(batches[2]).toEqual([inThread[1]]);
    expect(inThread[0]?.symbols.map((s) => s.name)).toEqual(['add', 'Box']);
  });
});
