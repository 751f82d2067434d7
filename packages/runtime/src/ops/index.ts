/**
 * `@repowiki/runtime/ops`: what an operator looks at and does, shared by the `tasks` CLI and
 * the console — dead letters (list, show, replay, purge), queue depths, the workers' inspect
 * view, the beat's entries, and the shape check of a repository address. NATS and the
 * producer only: no NestJS, pino or metrics.
 */

export {
  type DeadLetter,
  getDeadLetter,
  listDeadLetters,
  purgeDeadLetters,
  toDeadLetter,
} from './dead-letters.js';
export {
  DeadLetterNotFoundError,
  DeadLetterNotReplayableError,
  InvalidWarehouseAddressError,
} from './ops.errors.js';
export { type QueueStats, queueStats } from './queue-stats.js';
export { type ReplayDeps, type Replayed, replayDeadLetter, replayTaskId } from './replay-dead-letter.js';
export { fetchScheduleEntries, triggerOf } from './scheduler-entries.js';
export { type ParsedAddress, parseWarehouseAddress } from './warehouse-address.js';
export { discoverServices, type InspectReply, inspectWorkers, type ServiceInstance } from './workers.js';
