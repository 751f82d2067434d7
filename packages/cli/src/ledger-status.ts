import { Ledger, type TaskStatus } from '@repowiki/runtime/ledger';
import type { Sql } from 'postgres';

/**
 * `tasks status <id>`: the run's row as `TaskClient.status` returns it (same fields, same
 * order: `--json` prints it as it is), read with the runtime's own ledger read (`Ledger.get`)
 * over one plain postgres.js connection. A status is a pure ledger read: it needs neither
 * NATS nor the TaskClient, whose module loads every task schema (ledger-status.int.test.ts
 * holds the two answers equal).
 */
export function ledgerStatus(sql: Sql, id: string): Promise<TaskStatus> {
  return new Ledger(sql).status(id);
}
