import type { TaskStatus } from '@repowiki/runtime/client';
import { Ledger } from '@repowiki/runtime/ledger';
import type { Sql } from 'postgres';

/**
 * `tasks status <id>`: the run's row as `TaskClient.status` returns it (same fields, same
 * order: `--json` prints it as it is), read with the runtime's own ledger read (`Ledger.get`)
 * over one plain postgres.js connection. A status is a pure ledger read: it needs neither
 * NATS nor the TaskClient, whose module loads every task schema (ledger-status.int.test.ts
 * holds the two answers equal).
 */
export async function ledgerStatus(sql: Sql, id: string): Promise<TaskStatus> {
  const row = await new Ledger(sql).get(id);
  if (!row) {
    return {
      id,
      state: 'NOT_FOUND',
      subject: null,
      queue: null,
      attempts: 0,
      result: null,
      error: null,
      progress: null,
      userId: null,
      workerId: null,
      submittedAt: null,
      notBefore: null,
      startedAt: null,
      finishedAt: null,
    };
  }
  return {
    id: row.id,
    state: row.state,
    subject: row.name,
    queue: row.queue,
    attempts: row.attempts,
    result: row.result,
    error: row.error,
    progress: row.progress,
    userId: row.userId,
    workerId: row.workerId,
    submittedAt: row.submittedAt,
    notBefore: row.notBefore,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}
