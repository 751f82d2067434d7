import type { NatsConnection } from '@nats-io/nats-core';
import { Svcm } from '@nats-io/services';
import type { Topology } from '../nats/topology.js';

/** What a worker's inspect endpoint answers (runtime contract). */
export interface InspectReply {
  workerId: string;
  service: string;
  queue?: string;
  uptimeMs: number;
  /** `tasks pause <queue>` as this replica sees it (absent from workers before it existed). */
  paused?: boolean;
  active: { taskId: string; subject: string; attempt: number; startedAt: string }[];
  counters: { succeeded: number; failed: number; retried: number; deadLettered: number };
  registered: string[];
}

export interface ServiceInstance {
  name: string;
  /** Micro-service instance id. */
  id: string;
  /** The runtime worker behind it (from the stats `data` the runtime attaches), if any. */
  workerId: string | undefined;
  version: string;
  /** From `$SRV.INFO`: endpoint subjects. */
  endpoints: { name: string; subject: string }[];
  /** From `$SRV.STATS`. */
  started?: string;
  requests: number;
  errors: number;
}

/** How long to collect replies from every running instance. @default 750 ms */
const GATHER_MS = 750;

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const v of it) out.push(v);
  return out;
}

/**
 * Every micro-service instance of this namespace (what `nats micro ls` lists), with info
 * and stats. The runtime puts the namespace in each service's metadata.
 */
export async function discoverServices(nc: NatsConnection, topology: Topology): Promise<ServiceInstance[]> {
  const client = new Svcm(nc).client({ strategy: 'stall', maxWait: GATHER_MS, stall: 250 } as never);
  const [infos, stats] = await Promise.all([collect(await client.info()), collect(await client.stats())]);
  const statsById = new Map(stats.map((s) => [s.id, s]));
  return infos
    .filter((i) => (i.metadata?.namespace ?? '') === topology.namespace)
    .map((i) => {
      const s = statsById.get(i.id);
      return {
        name: i.name,
        id: i.id,
        version: i.version,
        workerId: s?.endpoints
          ?.map((e) => (e.data as { workerId?: string } | undefined)?.workerId)
          .find(Boolean),
        endpoints: (i.endpoints ?? []).map((e) => ({ name: e.name, subject: e.subject })),
        ...(s?.started ? { started: s.started } : {}),
        requests: (s?.endpoints ?? []).reduce((n, e) => n + e.num_requests, 0),
        errors: (s?.endpoints ?? []).reduce((n, e) => n + e.num_errors, 0),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/** Asks every worker of `service` for its inspect view; each replica answers once. */
export async function inspectWorkers(
  nc: NatsConnection,
  topology: Topology,
  service: string,
): Promise<InspectReply[]> {
  const replies: InspectReply[] = [];
  try {
    const it = await nc.requestMany(topology.inspectSubject(service), '', {
      strategy: 'timer',
      maxWait: GATHER_MS,
    } as never);
    for await (const m of it) {
      try {
        replies.push(m.json<InspectReply>());
      } catch {
        /* a reply that is not ours: ignore */
      }
    }
  } catch {
    // No responders: the service has no inspect endpoint (or no replica is up).
  }
  return replies;
}
