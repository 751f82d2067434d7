import type { NatsConnection } from '@nats-io/nats-core';
import type { Logger } from 'pino';

/** Distinct refusals remembered, so that a loop of refused publishes logs once. */
const MAX_REMEMBERED = 1_000;

/**
 * Logs what the server reports on the connection rather than in a reply: above all a refused
 * publish or subscription ("Permissions Violation"), which is otherwise silent for a core
 * publish (progress and completion events). One line per operation and subject.
 */
export function logNatsErrors(nc: NatsConnection, logger: Logger): void {
  const seen = new Set<string>();
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type !== 'error') continue;
      const e = s.error as { name?: string; operation?: string; subject?: string };
      if (e?.name !== 'PermissionViolationError') {
        logger.warn({ err: s.error }, 'NATS reported an error');
        continue;
      }
      const key = `${e.operation} ${e.subject}`;
      if (seen.has(key) || seen.size >= MAX_REMEMBERED) continue;
      seen.add(key);
      logger.error(
        { operation: e.operation, subject: e.subject },
        'NATS refused an operation: this NATS user lacks the permission (see infra/nats/accounts.conf)',
      );
    }
  })();
}
