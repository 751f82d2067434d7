import type { NatsConnection } from '@nats-io/nats-core';
import { connect, type NodeConnectionOptions } from '@nats-io/transport-node';
import { inboxPrefix } from '@repowiki/contracts';
import { natsConnectionOptions } from '../nats/nats-settings.js';
import type { BaseEnv } from './env.schema.js';

/**
 * Connection options of service `name` from its env: servers, credentials, TLS, and the
 * service's own inbox prefix (`_INBOX.<name>`), the only replies its NATS user may read.
 */
export function natsOptionsFromEnv(env: BaseEnv, name: string): NodeConnectionOptions {
  return {
    ...natsConnectionOptions(env, { name, inboxPrefix: inboxPrefix(name) }),
    // Doubles publish throughput: the default builds an Error per request (PERF-NOTES).
    noAsyncTraces: true,
    // Keep retrying forever once connected: a NATS restart must not kill the service.
    maxReconnectAttempts: -1,
  };
}

export function connectNatsFromEnv(env: BaseEnv, name: string): Promise<NatsConnection> {
  return connect(natsOptionsFromEnv(env, name));
}
