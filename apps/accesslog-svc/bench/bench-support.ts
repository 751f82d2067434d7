import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AccessEntry } from '@repowiki/contracts';
import { anonymizeIp, DEFAULT_IP_ANONYMIZATION } from '@repowiki/runtime';
import { ACCESS_RECORD_COLUMNS, accessRecordCopyLine } from '../src/queries/copy-access-records.query.js';

// What `pnpm bench accesslog` feeds both sides, and how it reads a process's CPU.

/** The columns both sides write. */
export const COLUMNS = ACCESS_RECORD_COLUMNS;

/** Page views with the variety of real traffic: resources, users, agents, statuses. */
export function pageViews(n: number): { id: string; entry: AccessEntry }[] {
  const base = Date.now() - 3_600_000;
  return Array.from({ length: n }, (_, i) => {
    const repo = `org${i % 97}/repo${i % 1_013}`;
    const doc = i % 3 === 0;
    return {
      id: randomUUID(),
      entry: {
        resourceType: doc ? 'document' : 'repository',
        resourceId: doc ? `${repo}/docs/page-${i % 211}` : repo,
        userId: i % 4 === 0 ? `user-${i % 5_003}` : null,
        ipAddress: `198.51.${i % 256}.${(i * 7) % 256}`,
        userAgent: `Mozilla/5.0 (X11; Linux x86_64) bench/${i % 17}`,
        path: doc ? `/${repo}/docs/page-${i % 211}` : `/${repo}`,
        method: 'GET',
        statusCode: i % 50 === 0 ? 404 : 200,
        responseTime: (i % 900) / 10,
        occurredAt: new Date(base + i).toISOString(),
      },
    };
  });
}

/**
 * The COPY row of an entry, exactly what the record handler stores (address anonymized),
 * encoded by the handler's own COPY encoder.
 */
export function copyLine({ id, entry: e }: { id: string; entry: AccessEntry }): string {
  return accessRecordCopyLine({
    messageId: id,
    resourceType: e.resourceType,
    resourceId: e.resourceId,
    userId: e.userId,
    ipAddress: anonymizeIp(e.ipAddress, DEFAULT_IP_ANONYMIZATION),
    userAgent: e.userAgent,
    path: e.path,
    method: e.method,
    statusCode: e.statusCode,
    responseTime: e.responseTime,
    occurredAt: e.occurredAt,
  });
}

/** CPU ms of one process (user + system), from /proc/<pid>/stat; 0 once it is gone. */
export function processCpuMs(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10; // USER_HZ = 100
  } catch {
    return 0;
  }
}
