// Access logging for the web tier (publish helper, buffered publisher and HTTP middleware).
export {
  type AccessLogMiddleware,
  type AccessLogMiddlewareOptions,
  createAccessLogMiddleware,
} from './access-log/access-log.middleware.js';
export {
  accessLogEnvSchema,
  ipAnonymizationEnvShape,
  ipAnonymizationOf,
} from './access-log/access-log-env.js';
export {
  type AccessLogPublisher,
  type AccessLogPublisherOptions,
  createAccessLogPublisher,
} from './access-log/access-log-publisher.js';
export { anonymizeIp, DEFAULT_IP_ANONYMIZATION, type IpAnonymization } from './access-log/anonymize-ip.js';
export {
  CLIENT_IP_HEADERS,
  type ClientIpHeader,
  compileTrustProxy,
  resolveClientIp,
  type TrustProxy,
} from './access-log/client-ip.js';
export {
  type AccessEntryInput,
  type PublishAccessLogOptions,
  type PublishedAccessLog,
  publishAccessLog,
  publishAccessLogs,
} from './access-log/publish-access-log.js';
export { type AccessResource, resourceFromPath } from './access-log/resource-from-path.js';
export { isStaticAsset } from './access-log/static-asset.js';
// The producer side (TaskClient, Topology, ensureStreams, errors, DEV_DATABASE_URL): one list.
export * from './client/index.js';
export * from './context.js';
export { DomainEventConsumer, type EventContext } from './events/domain-event-consumer.js';
export type { DomainEventHandlers } from './events/domain-event-handlers.js';
export { StaleAttemptError } from './ledger/finish-in-tx.js';
export { Ledger } from './ledger/ledger.js';
export { TaskMetrics } from './metrics.js';
export { registerMicroService } from './micro/register-service.js';
export { ensureWorkerConsumer } from './nats/ensure-streams.js';
export { QUEUE_STATS_REFRESH_MS, QueueGauges, type QueueGaugesOptions } from './queue-gauges.js';
// Service platform (bootstrapService and what apps' main.ts, env.ts and modules use).
export {
  bootstrapService,
  type HandlerDeps,
  type NoQueue,
  type ProvidedBy,
  type QueueConsumer,
  type RunningService,
  type ServiceCommandContext,
  type ServiceDefinition,
} from './service/bootstrap-service.js';
export {
  type BaseEnv,
  boolFlag,
  commaList,
  directory,
  LOG_LEVELS,
  port,
  positiveInt,
  type ServiceEnvSchema,
  serviceEnvSchema,
  urlWithScheme,
} from './service/env.schema.js';
export { ConfigError, EXIT_CONFIG, parseEnv } from './service/parse-env.js';
export type { ServiceInfo } from './service/platform.module.js';
export { createRootLogger, redactUrl } from './service/root-logger.js';
export {
  DB_CLIENT,
  METRICS_REGISTRY,
  NATS_CONNECTION,
  ROOT_LOGGER,
  SERVICE_ENV,
  SERVICE_INFO,
} from './service/tokens.js';
export { JetStreamTransport, type JetStreamTransportOptions } from './transport/jetstream.transport.js';
export { TaskWorker, type TaskWorkerOptions } from './worker/task-worker.js';
export { type ThreadHandlerRef, threadHandler } from './worker/thread-pool.js';
export type { SettledAttempt } from './worker/worker-deps.js';
