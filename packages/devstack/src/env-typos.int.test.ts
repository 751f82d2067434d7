/**
 * A misspelt variable on a real service start: the service warns, naming the variable and
 * the one it reads, and starts all the same (with the default the typo left in force).
 */
import { freePort } from '@repowiki/db';
import { test } from '@repowiki/testkit';
import { expect } from 'vitest';
import { runService } from './service-process.js';
import { waitForHttp } from './wait-for-http.js';

test('stats-svc warns about TASK_TIME_LIMT (did you mean TASK_TIME_LIMIT?) and starts', async ({
  natsUrl,
  databaseUrl,
}) => {
  const port = await freePort();
  const svc = runService('stats-svc', {
    env: {
      NATS_URL: natsUrl,
      DATABASE_URL: databaseUrl,
      HTTP_PORT: String(port),
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      TASK_TIME_LIMT: '60',
      stats_worker_concurrency: '2',
    },
  });
  try {
    await Promise.race([
      waitForHttp(`http://127.0.0.1:${port}/healthz`, { timeoutMs: 60_000 }),
      svc.exited.then((e) => {
        throw new Error(`exited during boot (code ${e.code}): ${svc.output()}`);
      }),
    ]);
    const warnings = svc
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.didYouMean !== undefined);
    expect(
      warnings.map(({ level, variable, didYouMean, msg }) => ({ level, variable, didYouMean, msg })),
    ).toEqual([
      {
        level: 'warn',
        variable: 'TASK_TIME_LIMT',
        didYouMean: 'TASK_TIME_LIMIT',
        msg: 'TASK_TIME_LIMT is not a variable stats-svc reads: did you mean TASK_TIME_LIMIT?',
      },
      {
        level: 'warn',
        variable: 'stats_worker_concurrency',
        didYouMean: 'WORKER_CONCURRENCY',
        msg: 'stats_worker_concurrency is not a variable stats-svc reads: did you mean WORKER_CONCURRENCY?',
      },
    ]);
  } finally {
    await svc.stop('SIGKILL');
  }
}, 90_000);
