import type { NatsConnection } from '@nats-io/nats-core';
import type { Topology } from '@repowiki/runtime/client';
import type { z } from 'zod';
import { CliError, notFound, unavailable, usageError } from './cli.errors.js';
import { EXIT } from './exit-codes.js';

/**
 * One request to scheduler-svc (one replica answers: queue group `scheduler`). A timed-out
 * request is sent once more, unchanged: the scheduler handles a repeat as the same request.
 * @throws CliError unavailable (no replica answered), not found (no such entry)
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
    try {
      const msg = await nc.request(`${topology.subjectPrefix}${subject}`, JSON.stringify(body), {
        timeout: timeoutMs,
      });
      const reply = schema.parse(msg.json()) as T & { code?: string; message?: string };
      if (reply.ok) return reply as Extract<T, { ok: true }>;
      if (reply.code === 'not_found') throw notFound(reply.message ?? 'not found');
      if (reply.code === 'invalid') throw usageError(reply.message ?? 'refused');
      throw new CliError(`scheduler-svc: ${reply.message ?? 'failed'}`, EXIT.internal);
    } catch (e: unknown) {
      if (e instanceof CliError) throw e;
      const text = String((e as Error)?.message);
      if (/no responders/i.test(text))
        throw unavailable('no scheduler-svc replica answered (is it running, same NATS_NAMESPACE?)', e);
      if (/timeout/i.test(text)) {
        if (attempt < 2) continue;
        throw unavailable(`no answer from scheduler-svc within ${timeoutMs} ms (twice)`, e);
      }
      throw e;
    }
  }
}
