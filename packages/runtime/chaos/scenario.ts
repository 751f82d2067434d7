import type { DbClient } from '@repowiki/db';
import type { PostgresNode } from './infra/postgres-node.js';

/** One row of the table. Counts are tasks (or, for the fuzz row, fuzzed messages). */
export interface Row {
  scenario: string;
  submitted: number;
  succeeded: number;
  /** Tasks meant to fail, revoke or stay parked that did exactly that. */
  failedAsExpected: number;
  lost: number;
  /** Tasks whose handler wrote its `completed` effect more than once. */
  twice: number;
  /** Longest time no task of the scenario completed while at least one was outstanding. */
  longestStallMs: number;
  notes: string[];
  /** Broken invariants other than lost/twice (crashes, early runs, a revoke that did not hold). */
  violations: string[];
}

export interface ScenarioContext {
  /** Scaled-down run (`--quick` / CHAOS_QUICK=1). */
  quick: boolean;
  /** Where server and worker logs go. */
  logDir: string;
  /** The suite's own PostgreSQL (migrated, with chaos_effects). */
  pg: PostgresNode;
  /** The runner's pool on it (reads effects and the ledger). */
  db: DbClient;
  log(line: string): void;
}

export interface Scenario {
  name: string;
  /** One line for `--list` and the README. */
  summary: string;
  run(ctx: ScenarioContext): Promise<Row>;
}
