import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUS_IDENTITIES, busPermissions, SERVICE_QUEUES, WEB_TASKS } from './bus-access.js';
import { TASKS } from './catalog.js';
import { passwordVariable, renderNatsAccounts } from './nats-accounts.js';
import { QUEUES } from './queues.js';

describe('infra/nats/accounts.conf', () => {
  it('is the rendering of bus-access.ts (run `pnpm --filter @repowiki/contracts nats-accounts`)', () => {
    const committed = readFileSync(new URL('../../../infra/nats/accounts.conf', import.meta.url), 'utf8');
    expect(committed).toBe(renderNatsAccounts());
  });

  it('has one user per identity, each with its password from the environment', () => {
    const text = renderNatsAccounts();
    for (const id of BUS_IDENTITIES) {
      expect(text).toContain(`user: "${id}"\n        password: $${passwordVariable(id)}\n`);
    }
    expect(passwordVariable('warehouse-svc')).toBe('REPOWIKI_NATS_WAREHOUSE_SVC_PASSWORD');
  });
});

describe('bus permissions', () => {
  const publishes = (id: (typeof BUS_IDENTITIES)[number]) => {
    const p = busPermissions(id);
    return p === 'all' ? ['>'] : p.publish;
  };

  it('covers every queue with exactly one consuming service', () => {
    expect(Object.values(SERVICE_QUEUES).sort()).toEqual([...QUEUES].sort());
  });

  it('lets no one but the operator and migration-svc itself publish tasks.migration.*', () => {
    for (const id of BUS_IDENTITIES) {
      if (id === 'operator' || id === 'migration-svc') continue;
      expect(publishes(id).filter((s) => /^(tasks\.(migration|>)|>)/.test(s))).toEqual([]);
    }
  });

  it('lets only the operator (and, for its screens, the console) publish control subjects, ask inspect endpoints or administer streams', () => {
    for (const id of BUS_IDENTITIES) {
      if (id === 'operator' || id === 'console') continue;
      const denied = publishes(id).filter((s) =>
        /^(repowiki\.control\.(revoke|pause|\*|>)|repowiki\.scheduler\.(trigger|pause|\*|>)|repowiki\.inspect|\$SRV|\$JS\.API\.(STREAM\.(PURGE|DELETE|MSG)|CONSUMER\.DELETE|>))/.test(
          s,
        ),
      );
      expect(denied, id).toEqual([]);
    }
  });

  it('lets the web tier submit only per-warehouse tasks and access-log entries', () => {
    expect(publishes('web')).toEqual([...WEB_TASKS]);
    for (const subject of WEB_TASKS) expect(Object.keys(TASKS)).toContain(subject);
    expect(WEB_TASKS.filter((s) => /cleanup|schedule|daily|system|migration/.test(s))).toEqual([]);
  });

  it('lets the console revoke, inspect and handle the DLQ, but never delete or edit a stream or another consumer', () => {
    const allowed = publishes('console');
    expect(allowed).toContain('repowiki.control.revoke');
    expect(allowed).toContain('repowiki.control.pause.*');
    expect(allowed).toContain('$JS.API.STREAM.PURGE.DLQ');
    expect(allowed).toContain('$JS.API.STREAM.MSG.DELETE.DLQ');
    expect(
      allowed.filter((s) =>
        /^(>|\$JS\.API\.(>|STREAM\.(DELETE|UPDATE)|CONSUMER\.DELETE|CONSUMER\.DURABLE)|\$JS\.API\.STREAM\.(PURGE|MSG\.(GET|DELETE))\.(?!DLQ$))/.test(
          s,
        ),
      ),
    ).toEqual([]);
    // Consumers only on EVENTS, and only with the whole events filter.
    expect(allowed.filter((s) => s.startsWith('$JS.API.CONSUMER.CREATE.'))).toEqual([
      '$JS.API.CONSUMER.CREATE.EVENTS.*.events.>',
    ]);
  });
});
