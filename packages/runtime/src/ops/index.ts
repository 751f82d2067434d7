/**
 * `@repowiki/runtime/ops`: what an operator looks at and does, for the `tasks` CLI and the web
 * console alike — ledger views (list, count, one run with its attempts), retries linked to the
 * run they re-run, bulk revoke, queue purge and pause, task events; dead letters (list, show,
 * replay, purge), queue depths, the workers' inspect view, the beat's entries, and the shape
 * check of a repository address. Producer side only (no NestJS, pino or metrics).
 */
export { countRuns, countRunsStatement } from './count-runs.query.js';
export {
  type DeadLetter,
  getDeadLetter,
  listDeadLetters,
  purgeDeadLetters,
  toDeadLetter,
} from './dead-letters.js';
export { attemptsOf, getRun, type RunAttempt, type RunDetail } from './get-run.query.js';
export { listRuns, listRunsStatement, type RunSummary } from './list-runs.query.js';
export { matchRunIds } from './match-runs.query.js';
export { OpsError, type OpsErrorCode } from './ops.errors.js';
export { type PurgeOutcome, purgeQueue } from './purge-queue.js';
export { pausedQueues, type QueuePause, setQueuePaused } from './queue-pause.js';
export { type QueueStats, queueStats } from './queue-stats.js';
export { openTaskEvents, type ReadEventsOptions, type TaskEventView } from './read-events.js';
export { replayDeadLetter, replayTaskId as dlqReplayTaskId } from './replay-dead-letter.js';
export { requestScheduler } from './request-scheduler.js';
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
export { fetchScheduleEntries, triggerOf } from './scheduler-entries.js';
export { type ParsedAddress, parseWarehouseAddress } from './warehouse-address.js';
export { discoverServices, type InspectReply, inspectWorkers, type ServiceInstance } from './workers.js';
