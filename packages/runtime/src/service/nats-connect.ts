import { readFileSync } from 'node:fs';
import { credsAuthenticator, type NatsConnection } from '@nats-io/nats-core';
import { connect, type NodeConnectionOptions } from '@nats-io/transport-node';
import type { BaseEnv } from './env.schema.js';

/** Connection options from the env: servers, credentials, TLS. */
export function natsOptionsFromEnv(env: BaseEnv, name: string): NodeConnectionOptions {
  const options: NodeConnectionOptions = {
    servers: env.NATS_URL.split(',').map((s) => s.trim()),
    name,
    // Doubles publish throughput: the default builds an Error per request (PERF-NOTES).
    noAsyncTraces: true,
    // Keep retrying forever once connected: a NATS restart must not kill the service.
    maxReconnectAttempts: -1,
  };
  if (env.NATS_USER) {
    options.user = env.NATS_USER;
    if (env.NATS_PASSWORD) options.pass = env.NATS_PASSWORD;
  }
  if (env.NATS_TOKEN) options.token = env.NATS_TOKEN;
  if (env.NATS_CREDS_FILE) options.authenticator = credsAuthenticator(readFileSync(env.NATS_CREDS_FILE));
  if (env.NATS_TLS_CA) options.tls = { caFile: env.NATS_TLS_CA };
  return options;
}

export function connectNatsFromEnv(env: BaseEnv, name: string): Promise<NatsConnection> {
  return connect(natsOptionsFromEnv(env, name));
}
