import type { TaskDefinition } from '@repowiki/contracts';
import type { TransactionSql } from 'postgres';
import { NonRetriableError } from '../errors.js';
import { finishInTransaction } from '../ledger/finish-in-tx.js';
import type { FinishRow } from '../ledger/ledger.js';
import { decide } from './decide.js';
import type { WorkerDeps } from './worker-deps.js';

/**
 * `ctx.complete`: runs `work` and writes the attempt's SUCCESS row in ONE transaction on the
 * durable ledger pool, so the handler's effects land exactly when SUCCESS does. The result is
 * checked like a plain return (decide); an invalid one, a stale fence or any error in `work`
 * rolls everything back. Resolves the handler's value and the result as stored.
 */
export async function completeAttempt<R>(
  deps: WorkerDeps,
  task: TaskDefinition,
  row: Pick<FinishRow, 'id' | 'attempt' | 'startedAt'>,
  work: (tx: TransactionSql) => Promise<R>,
): Promise<{ value: R; stored: unknown }> {
  let value!: R;
  let stored: unknown;
  await deps.db.ledgerSql.begin(async (tx) => {
    value = await work(tx);
    const d = decide({ kind: 'success', value }, task, {
      attempt: row.attempt,
      revokeRequested: false,
      nowMs: 0,
      random: 0,
    });
    if (d.kind !== 'ack') {
      const message = d.kind === 'fail' ? d.error.message : 'handler returned an invalid result';
      throw new NonRetriableError(message, { code: 'invalid_result' });
    }
    stored = d.value;
    await finishInTransaction(tx, {
      ...row,
      workerId: deps.workerId,
      state: 'SUCCESS',
      result: JSON.stringify(d.value),
      error: null,
      retryAt: null,
    });
  });
  return { value, stored };
}
