import { accessRecords } from '@repowiki/db';
import { test } from '@repowiki/testkit';
import postgres from 'postgres';
import { describe, expect } from 'vitest';
import { createRootLogger } from '../src/service/root-logger.js';
import { describeError } from '../src/worker/settle.js';

/** Values that must never reach a log line: a client IP, a user agent, a private path. */
const FAKE_IP = '203.0.113.77';
const USER_AGENT = 'Mozilla/5.0 (secret-agent-7)';
const PRIVATE_PATH = '/private/reports/quarterly';
/** A log line stays this small, whatever the failed statement carried. */
const MAX_LINE_BYTES = 4_096;

function capture() {
  const lines: string[] = [];
  const logger = createRootLogger({
    service: 'logging-test',
    version: '0.0.0',
    level: 'info',
    destination: { write: (s: string) => void lines.push(s) },
  });
  return { logger, lines };
}

function expectClean(line: string | undefined): void {
  expect(line).toBeDefined();
  expect(line).not.toContain(FAKE_IP);
  expect(line).not.toContain('secret-agent');
  expect(line).not.toContain('/private/');
  expect(Buffer.byteLength(line!)).toBeLessThan(MAX_LINE_BYTES);
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('the statement was expected to fail');
}

/**
 * A failed statement's error carries its SQL text and every parameter (postgres.js's
 * `query`/`parameters`/`args`, drizzle's "Failed query: … params: …" message, PostgreSQL's
 * "Failing row contains (…)" detail). Logged as is, a failed access-log batch wrote every
 * row's IP, path and user agent, 19–40 KB per line. The root logger's error serializer
 * keeps codes and counts only.
 */
describe('logged database errors', () => {
  test('a failed multi-row insert (drizzle, as accesslog-svc does it) logs its SQLSTATE and sizes, never the rows', async ({
    dbClient,
  }) => {
    const rows = Array.from({ length: 300 }, (_, i) => ({
      messageId: `log-test-${i}`,
      resourceType: 'warehouse',
      ipAddress: FAKE_IP,
      userAgent: USER_AGENT,
      path: `${PRIVATE_PATH}/${i}`,
      method: 'GET',
      // One bad row fails the whole statement (NOT NULL).
      statusCode: (i === 150 ? null : 200) as number,
      responseTime: 1.5,
      occurredAt: new Date(),
    }));
    const error = await rejection(dbClient.db.insert(accessRecords).values(rows));
    expect(String((error as Error).message)).toContain(FAKE_IP);
    const { logger, lines } = capture();
    logger.warn({ err: error }, 'batch failed');
    // The shape batch-runner logs: describeError(e) → { name, message, code }.
    logger.warn(
      { task: 'tasks.accesslog.record', batch: rows.length, err: describeError(error) },
      'batch failed',
    );
    logger.child({ task: 'tasks.accesslog.record' }).error(error as Error);
    logger.flush();
    expect(lines).toHaveLength(3);
    for (const line of lines) expectClean(line);
    const first = JSON.parse(lines[0]!) as { err: { cause?: { code?: string }; parameterCount?: number } };
    expect(first.err.cause?.code).toBe('23502');
    expect(first.err.parameterCount).toBe((error as { params: unknown[] }).params.length);
  });

  test('a postgres.js error in debug mode (query, parameters, args, types) and a value quoted in the message are dropped', async ({
    databaseUrl,
  }) => {
    const sql = postgres(databaseUrl, { max: 1, debug: true, onnotice: () => {} });
    try {
      const insert = await rejection(
        sql`insert into access_records (message_id, ip_address, user_agent, path) values (${'m1'}, ${FAKE_IP}, ${USER_AGENT}, ${PRIVATE_PATH})`,
      );
      expect(Object.keys(insert as object)).toEqual(expect.arrayContaining(['query', 'parameters']));
      const cast = await rejection(sql`select ${`${FAKE_IP}/99`}::inet`);
      expect((cast as Error).message).toContain(FAKE_IP);
      const { logger, lines } = capture();
      logger.error({ err: insert }, 'insert failed');
      logger.error({ err: cast }, 'cast failed');
      logger.flush();
      for (const line of lines) expectClean(line);
      const [a, b] = lines.map((l) => JSON.parse(l) as { err: Record<string, unknown> });
      expect(a!.err).toMatchObject({ code: '23502', table_name: 'access_records', parameterCount: 4 });
      expect(b!.err).toMatchObject({ code: '22P02' });
      expect(b!.err.message).toMatch(/^invalid input syntax for type inet: /);
    } finally {
      await sql.end({ timeout: 5 });
    }
  });
});
