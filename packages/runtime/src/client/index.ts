/**
 * `@repowiki/runtime/client`: the producer side only — submit, status, result, revoke, the
 * NATS names and stream set-up. It loads no service platform (NestJS, pino, metrics), so a
 * CLI or a web tier that only submits tasks starts fast.
 */

export * from '../errors.js';
export { type EnsureOutcome, ensureStream, ensureStreams } from '../nats/ensure-streams.js';
export {
  checkNatsSettings,
  NATS_ENV_SHAPE,
  type NatsIdentityOptions,
  type NatsSettings,
  natsConnectionOptions,
  natsSettingsSchema,
  redactNatsUrls,
} from '../nats/nats-settings.js';
export {
  applyStreamSettings,
  STREAM_ENV_SHAPE,
  type StreamSettings,
  streamSettingsFromEnv,
  streamSettingsSchema,
} from '../nats/stream-settings.js';
export { Topology } from '../nats/topology.js';
export { DEV_DATABASE_URL } from '../service/env.schema.js';
export { ConfigError, parseEnv } from '../service/parse-env.js';
export { LedgerMaintenance, type LedgerMaintenanceOptions } from './ledger-maintenance.js';
export { SubmitUnconfirmedError } from './submit.errors.js';
export {
  type ClientSubmitOptions,
  TaskClient,
  type TaskClientOptions,
  type TaskStatus,
} from './task-client.js';
