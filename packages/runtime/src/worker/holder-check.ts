import type { JsMsg } from '@nats-io/jetstream';
import { NoRespondersError, RequestError } from '@nats-io/nats-core';
import type { Envelope } from './decode.js';
import type { WorkerDeps } from './worker-deps.js';

/**
 * How recently a live holder has renewed its lease: every third of it (attempt-watch.ts), plus
 * slack for the watch's 500 ms tick and a slow query; half the lease at least.
 */
export function renewalWindowMs(leaseMs: number): number {
  return Math.round(Math.max(leaseMs / 2, leaseMs / 3 + 1_000));
}

/** What a holder said about a task it holds in the ledger. */
export type HolderAnswer = 'held' | 'not_held' | 'gone' | 'silent';

/** The question a worker answers on its holding subject. */
export interface HoldingQuestion {
  taskId: string;
  seq: number;
}

/**
 * Asks the worker the ledger names as running a task whether it still holds it:
 * - `held`: it answered yes (it runs or settles the task; its heartbeats are back);
 * - `not_held`: it answered no (its lease is stale);
 * - `gone`: NATS had no responder: its connection is closed (it died, or was cut off);
 * - `silent`: no answer in time (it is stalled: CPU-bound, swapped out, stopped) or the
 *   bus failed: the caller must not run the task.
 */
export async function askHolder(
  deps: WorkerDeps,
  queue: string,
  holder: string,
  question: HoldingQuestion,
  timeoutMs: number,
): Promise<HolderAnswer> {
  try {
    const reply = await deps.nc.request(
      deps.topology.holdingSubject(queue, holder),
      JSON.stringify(question),
      {
        timeout: timeoutMs,
      },
    );
    const { held } = reply.json<{ held?: unknown }>();
    return held === true ? 'held' : 'not_held';
  } catch (e: unknown) {
    // nats.js 3 wraps it: RequestError whose cause is a NoRespondersError.
    if (e instanceof NoRespondersError || (e instanceof RequestError && e.isNoResponders())) return 'gone';
    return 'silent';
  }
}

/**
 * Handles the `held` verdict: JetStream redelivered this message while the ledger says
 * `holder` runs it under a live lease. Running it here would run the task twice if the holder
 * is only stalled, so the holder is asked first:
 * - not holding it: its lease is ended and the delivery is claimed again (`retry`);
 * - gone (no responder): the same, unless its lease was renewed within its renewal window
 *   (it lives and reaches PostgreSQL; only its NATS connection is down): then the message
 *   comes back once that renewal is stale (at most an ack wait) and is judged again. The
 *   window is reckoned with this worker's lease length: replicas of a queue must share
 *   TASK_ACK_WAIT_MS / the lease (a longer one here judges a cut-off holder dead);
 * - holding it: it settles the message (acks act on the stream sequence, whichever delivery
 *   they come from): this delivery is left unanswered (it comes back after an ack wait only
 *   if the holder stops heartbeating again);
 * - silent: the message goes back with a delay; if the holder never comes back its lease
 *   lapses within leaseMs and a later delivery takes the task over.
 */
export async function resolveHeld(
  deps: WorkerDeps,
  m: JsMsg,
  envelope: Envelope,
  queue: string,
  holder: string,
): Promise<'retry' | 'settled'> {
  const ackWaitMs = deps.limits.heartbeatMs * 3;
  const answer = await askHolder(
    deps,
    queue,
    holder,
    { taskId: envelope.taskId, seq: m.seq },
    Math.min(2_000, Math.max(250, Math.floor(ackWaitMs / 2))),
  );
  deps.metrics?.lapsed.inc({ holder: 'other', answer });
  deps.logger.warn(
    { taskId: envelope.taskId, holder, answer, deliveryCount: m.info.deliveryCount },
    'redelivered while another worker holds the task (its heartbeats lapsed); asked it',
  );
  if (answer === 'held') return 'settled';
  if (answer === 'not_held') {
    await deps.ledger.endLeaseOf(envelope.taskId, holder, m.seq);
    return 'retry';
  }
  if (answer === 'gone') {
    // No responder, yet a lease renewed within its renewal period (a third of it, plus
    // slack for the watch's tick and a slow query): the holder lives and reaches PostgreSQL,
    // only its NATS connection is down (a server restart, a failover). Asked again once that
    // renewal is stale (at most an ack wait): a dead holder's task is taken over then.
    const { leaseMs } = deps.limits;
    const lease = await deps.ledger.endLeaseOf(envelope.taskId, holder, m.seq, {
      leaseMs,
      withinMs: renewalWindowMs(leaseMs),
    });
    // Ended, or no longer that holder's running row (it settled meanwhile): claim again.
    if (lease.ended || lease.staleInMs === undefined) return 'retry';
    m.nak(Math.min(ackWaitMs, Math.max(100, (lease.staleInMs ?? ackWaitMs) + 50)));
    return 'settled';
  }
  m.nak(ackWaitMs);
  return 'settled';
}
