/**
 * `@repowiki/runtime/ops`: what an operator does to runs and queues, for the `tasks` CLI and
 * the web console alike — ledger views (list, count, one run with its attempts), retries
 * linked to the run they re-run, bulk revoke, queue purge and pause, task events. Producer
 * side only (no NestJS, pino or metrics).
 */
export { countRuns, countRunsStatement } from './count-runs.query.js';
export {
  type DeadLetter,
  getDeadLetter,
  listDeadLetters,
  toDeadLetter,
} from './dead-letters.js';
export { attemptsOf, getRun, type RunAttempt, type RunDetail } from './get-run.query.js';
export { listRuns, listRunsStatement, type RunSummary } from './list-runs.query.js';
export { matchRunIds } from './match-runs.query.js';
export { OpsError, type OpsErrorCode } from './ops.errors.js';
export { type PurgeOutcome, purgeQueue } from './purge-queue.js';
export { pausedQueues, type QueuePause, setQueuePaused } from './queue-pause.js';
export { openTaskEvents, type ReadEventsOptions, type TaskEventView } from './read-events.js';
export { replayDeadLetter, replayTaskId as dlqReplayTaskId } from './replay-dead-letter.js';
export {
  RETRYABLE_STATES,
  type RetryOutcome,
  retryableRuns,
  retryRun,
  retryRuns,
  retryTaskId,
} from './retry-run.js';
export { REVOCABLE_STATES, type RevokeOutcome, revocableRuns, revokeRuns } from './revoke-runs.js';
export { type RunFilter, runWhere } from './run-filter.js';
