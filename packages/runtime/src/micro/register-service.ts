import type { NatsConnection } from '@nats-io/nats-core';
import { type Service, Svcm } from '@nats-io/services';
import type { Logger } from 'pino';
import type { Topology } from '../nats/topology.js';

export interface InspectSource {
  inspect(): object;
}

export interface MicroServiceOptions {
  nc: NatsConnection;
  topology: Topology;
  name: string;
  version: string;
  description: string;
  logger: Logger;
  /** The worker (or any source) answering inspect requests. */
  source: InspectSource | undefined;
  /** Extra `{ name: handler }` endpoints under the service (e.g. the scheduler's). */
  queue?: string;
}

/**
 * Registers with the NATS micro services API so `nats micro ls|info|stats` list every
 * replica, and serves `inspect` (active tasks, counters, uptime) on
 * `repowiki.inspect.<service>`. The endpoint has no queue group: every replica answers, so
 * a scatter-gather request sees them all (`tasks inspect`).
 */
export async function registerMicroService(options: MicroServiceOptions): Promise<Service> {
  const svc = await new Svcm(options.nc).add({
    name: options.name,
    version: options.version,
    description: options.description,
    metadata: { queue: options.queue ?? '', namespace: options.topology.namespace },
    queue: '',
    // `nats micro stats` shows the worker's counters next to the endpoint's own stats.
    statsHandler: async () => (options.source ? options.source.inspect() : null),
  });
  svc.addEndpoint('inspect', {
    subject: options.topology.inspectSubject(options.name),
    queue: '',
    handler: (err, msg) => {
      if (err) {
        options.logger.warn({ err }, 'inspect endpoint error');
        return;
      }
      msg.respond(JSON.stringify(options.source?.inspect() ?? { service: options.name, queue: null }));
    },
  });
  return svc;
}
