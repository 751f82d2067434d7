import type { TaskProgress } from '@repowiki/contracts';
import { describe, expect, test } from 'vitest';
import { ProgressReporter } from './progress-reporter.js';

describe('ProgressReporter', () => {
  test('close() writes the report still held back by the throttle, and nothing after it', async () => {
    const written: TaskProgress[] = [];
    const reporter = new ProgressReporter(async (p) => {
      written.push(p);
    }, 10_000);
    reporter.report({ percent: 1 });
    reporter.report({ percent: 50 });
    reporter.report({ percent: 99 });
    await reporter.close();
    reporter.report({ percent: 100 });
    await new Promise((r) => setTimeout(r, 20));
    expect(written).toEqual([{ percent: 1 }, { percent: 99 }]);
  });

  test('a failing write never reaches the handler and does not stop later writes', async () => {
    const written: TaskProgress[] = [];
    let calls = 0;
    const reporter = new ProgressReporter(async (p) => {
      if (calls++ === 0) throw new Error('database down');
      written.push(p);
    }, 10_000);
    reporter.report({ percent: 1 });
    reporter.report({ percent: 2 });
    await reporter.close();
    expect(written).toEqual([{ percent: 2 }]);
  });
});
