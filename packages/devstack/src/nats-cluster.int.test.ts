/**
 * infra/nats/cluster-node-*.conf form a real 3-node JetStream cluster: started here on
 * random local ports, it accepts a stream with 3 replicas.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { freePort } from '@repowiki/db';
import { type NatsServerHandle, startNatsServer, uniqueName, waitFor } from '@repowiki/testkit';
import { afterAll, expect, test } from 'vitest';
import { REPO_ROOT } from './services.js';

const dir = mkdtempSync(join(tmpdir(), 'repowiki-nats-cluster-'));
const servers: NatsServerHandle[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  rmSync(dir, { recursive: true, force: true });
});

/** The committed config with only what must differ on one machine: ports, paths and route hosts. */
function adapt(node: number, routePorts: number[]): string {
  const conf = readFileSync(join(REPO_ROOT, 'infra', 'nats', `cluster-node-${node}.conf`), 'utf8');
  const routes = routePorts.map((p) => `nats-route://127.0.0.1:${p}`).join('\n    ');
  return (
    conf
      .replace(/^http_port: .*$/m, '')
      // The -sd flag sets it (nats-server 2.9 refuses both).
      .replace(/^\s*store_dir: .*$/m, '')
      .replace(/cluster \{[\s\S]*?port: 6222/, (m) =>
        m.replace('host: 0.0.0.0', 'host: 127.0.0.1').replace('port: 6222', `port: ${routePorts[node]}`),
      )
      .replace(/routes: \[[\s\S]*?\]/, `routes: [\n    ${routes}\n  ]`)
  );
}

test('the 3-node cluster config forms a cluster that holds a stream with 3 replicas', async () => {
  const routePorts = [await freePort(), await freePort(), await freePort()];
  for (const node of [0, 1, 2]) {
    const file = join(dir, `node-${node}.conf`);
    writeFileSync(file, adapt(node, routePorts));
    // -a/-p/-sd on the command line set host, client port and store dir.
    servers.push(await startNatsServer({ args: ['-c', file], storeDir: join(dir, `store-${node}`) }));
  }
  const nc = await connect({ servers: servers.map((s) => s.url), noAsyncTraces: true });
  try {
    // No API check: it would wait on the meta leader, which the retry below waits for.
    const jsm = await jetstreamManager(nc, { checkAPI: false, timeout: 5_000 });
    const name = uniqueName('CLUSTER');
    // The meta leader is elected a moment after the routes connect.
    const info = await waitFor(
      async () => jsm.streams.add({ name, subjects: [`${name}.>`], num_replicas: 3 }),
      { timeoutMs: 20_000, intervalMs: 250 },
    );
    expect(info.config.num_replicas).toBe(3);
    expect(info.cluster?.name).toBe('repowiki');
    const replicas = await waitFor(
      async () => {
        const i = await jsm.streams.info(name);
        return (i.cluster?.replicas?.length ?? 0) === 2 ? i.cluster?.replicas : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 250 },
    );
    expect(replicas).toHaveLength(2);
    await jsm.streams.delete(name);
  } finally {
    await nc.close();
  }
}, 60_000);
