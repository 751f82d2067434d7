/**
 * Injection tokens of what `bootstrapService` provides to every module of a service:
 * `@Inject(NATS_CONNECTION) nc: NatsConnection`, `@Inject(DB_CLIENT) db: DbClient`, …
 * Symbols, so that two services' tokens can never collide by name.
 */
export const NATS_CONNECTION = Symbol.for('repowiki.nats-connection');
export const DB_CLIENT = Symbol.for('repowiki.db-client');
/** The pino root logger (a `pino.Logger`, bound to `{ svc, version }`). */
export const ROOT_LOGGER = Symbol.for('repowiki.root-logger');
/** The prom-client `Registry` served on `/metrics` and shared with the transport. */
export const METRICS_REGISTRY = Symbol.for('repowiki.metrics-registry');
/** The parsed env (`z.output` of the service's schema). */
export const SERVICE_ENV = Symbol.for('repowiki.service-env');
/** `{ name, version, queue }` of the running service. */
export const SERVICE_INFO = Symbol.for('repowiki.service-info');
/** The service's `ReadinessChecks`: extra conditions `/readyz` reports (e.g. the worker's consumer). */
export const READINESS_CHECKS = Symbol.for('repowiki.readiness-checks');
