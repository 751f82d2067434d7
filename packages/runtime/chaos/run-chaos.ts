import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDbClient } from '@repowiki/db';
import { createEffectsTable } from './effects.js';
import { PostgresNode } from './infra/postgres-node.js';
import { installCleanup, killEverything, removeDirs } from './infra/processes.js';
import type { Row, Scenario, ScenarioContext } from './scenario.js';

export interface ChaosOptions {
  quick: boolean;
  log?: (line: string) => void;
}

/**
 * Starts the suite's own PostgreSQL (migrated), runs each scenario on fresh nats-server(s),
 * and stops everything it started, also when a scenario throws. A scenario that throws
 * becomes a failed row.
 */
export async function runChaos(
  scenarios: readonly { scenario: Scenario; run?: (ctx: ScenarioContext) => Promise<Row> }[],
  options: ChaosOptions,
): Promise<Row[]> {
  installCleanup();
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const logDir = mkdtempSync(join(tmpdir(), 'chaos-logs-'));
  log(`chaos: server and worker logs in ${logDir}`);
  const pg = await PostgresNode.create();
  const db = createDbClient(pg.url, { max: 4, applicationName: 'chaos-runner' });
  const rows: Row[] = [];
  try {
    await pg.start();
    await pg.migrate();
    await createEffectsTable(db.sql);
    const ctx: ScenarioContext = { quick: options.quick, logDir, pg, db, log };
    for (const { scenario, run } of scenarios) {
      const t0 = Date.now();
      log(`▶ ${scenario.name}: ${scenario.summary}`);
      // A scenario that failed half-way may have left the database stopped.
      if (!pg.pid) await pg.start();
      try {
        rows.push(await (run ?? scenario.run)(ctx));
      } catch (e) {
        log(`  ${scenario.name} threw: ${(e as Error).stack ?? e}`);
        rows.push({
          scenario: scenario.name,
          submitted: 0,
          succeeded: 0,
          failedAsExpected: 0,
          lost: 0,
          twice: 0,
          longestStallMs: 0,
          notes: [],
          violations: [`scenario error: ${(e as Error).message}`],
        });
      }
      log(`  ${scenario.name} done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    }
  } finally {
    await db.close().catch(() => {});
    await pg.stopFast().catch(() => {});
    killEverything();
    removeDirs();
  }
  return rows;
}
