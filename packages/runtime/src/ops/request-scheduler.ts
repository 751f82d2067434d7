import type { NatsConnection } from '@nats-io/nats-core';
import type { z } from 'zod';
import type { Topology } from '../nats/topology.js';
import { OpsError } from './ops.errors.js';

/**
 * One control request to scheduler-svc (`repowiki.scheduler.trigger|pause`; one replica answers,
 * queue group `scheduler`), for `tasks schedule trigger|pause` and the console. A timed-out
 * request is sent once more, unchanged: the scheduler handles a repeat as the same request
 * (a trigger names its slot).
 * @throws OpsError `unavailable` (no replica answered), `not_found` (no such entry),
 *   `invalid` (refused); an Error for a failure the scheduler reports
 */
export async function requestScheduler<T extends { ok: boolean }>(
  nc: NatsConnection,
  topology: Topology,
  subject: string,
  body: unknown,
  schema: z.ZodType<T>,
  timeoutMs: number,
): Promise<Extract<T, { ok: true }>> {
  for (let attempt = 1; ; attempt++) {
    let reply: T & { code?: string; message?: string };
    try {
      const msg = await nc.request(`${topology.subjectPrefix}${subject}`, JSON.stringify(body), {
        timeout: timeoutMs,
      });
      reply = schema.parse(msg.json()) as T & { code?: string; message?: string };
    } catch (e: unknown) {
      const text = String((e as Error)?.message);
      if (/no responders/i.test(text))
        throw new OpsError(
          'unavailable',
          'no scheduler-svc replica answered (is it running, same NATS_NAMESPACE?)',
          {
            cause: e,
          },
        );
      if (/timeout/i.test(text)) {
        if (attempt < 2) continue;
        throw new OpsError('unavailable', `no answer from scheduler-svc within ${timeoutMs} ms (twice)`, {
          cause: e,
        });
      }
      throw e;
    }
    if (reply.ok) return reply as Extract<T, { ok: true }>;
    if (reply.code === 'not_found') throw new OpsError('not_found', reply.message ?? 'not found');
    if (reply.code === 'invalid') throw new OpsError('invalid', reply.message ?? 'refused');
    throw new Error(`scheduler-svc: ${reply.message ?? 'failed'}`);
  }
}
