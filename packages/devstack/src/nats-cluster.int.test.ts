/**
 * infra/nats/cluster-node-*.conf form a real 3-node JetStream cluster: started here on
 * random local ports with test certificates, it accepts a stream with 3 replicas, and its
 * routes (mutual TLS) refuse a node whose certificate the cluster CA did not sign.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { freePort } from '@repowiki/db';
import {
  createSecuredNatsSecrets,
  createTestCa,
  issueTestCertificate,
  type SecuredNats,
  startSecuredNats,
  uniqueName,
  waitFor,
} from '@repowiki/testkit';
import { afterAll, beforeAll, expect, test } from 'vitest';

const secrets = createSecuredNatsSecrets();
const rogueDir = mkdtempSync(join(tmpdir(), 'repowiki-nats-rogue-'));
const nodes: SecuredNats[] = [];
let routePorts: number[] = [];
const rogues: ChildProcess[] = [];

beforeAll(async () => {
  routePorts = [await freePort(), await freePort(), await freePort()];
  // A node is healthy only once the cluster formed: start all three, then wait.
  nodes.push(
    ...(await Promise.all(
      [0, 1, 2].map((n) =>
        startSecuredNats({
          config: `cluster-node-${n}.conf`,
          secrets,
          cluster: { port: routePorts[n]!, routes: routePorts },
          waitHealthy: false,
        }),
      ),
    )),
  );
}, 60_000);

afterAll(async () => {
  for (const rogue of rogues) {
    if (rogue.pid === undefined || rogue.exitCode !== null) continue;
    const gone = new Promise((r) => rogue.once('exit', r));
    process.kill(rogue.pid, 'SIGTERM');
    await gone;
  }
  await Promise.all(nodes.map((s) => s.stop()));
  rmSync(rogueDir, { recursive: true, force: true });
  rmSync(secrets.dir, { recursive: true, force: true });
});

const routes = async (node: SecuredNats) =>
  ((await (await fetch(`${node.monitorUrl}/routez`)).json()) as { num_routes: number }).num_routes;

test('the 3-node cluster config forms a cluster that holds a stream with 3 replicas', async () => {
  const nc = await connect({
    servers: nodes.map((s) => s.url),
    user: 'operator',
    pass: secrets.passwords.operator,
    tls: { caFile: secrets.ca.certFile },
    noAsyncTraces: true,
  });
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

/** A nats-server outside the cluster that tries to route to node 0. */
async function startRogue(
  name: string,
  tls: string,
): Promise<{ routes(): Promise<number>; attempts(): number }> {
  const [port, routePort, monitorPort] = [await freePort(), await freePort(), await freePort()];
  const conf = join(rogueDir, `${name}.conf`);
  writeFileSync(
    conf,
    `server_name: ${name}
listen: 127.0.0.1:${port}
http: 127.0.0.1:${monitorPort}
cluster {
  name: repowiki
  listen: 127.0.0.1:${routePort}
  ${tls}
  routes: [ nats-route://127.0.0.1:${routePorts[0]} ]
}
`,
  );
  let log = '';
  const child = spawn(process.env.NATS_SERVER_BIN ?? 'nats-server', ['-c', conf], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, PATH: `${process.env.PATH}:/usr/sbin:/usr/local/sbin` },
  });
  rogues.push(child);
  child.stderr?.on('data', (d: Buffer) => {
    log += d.toString();
  });
  return {
    routes: async () =>
      ((await (await fetch(`http://127.0.0.1:${monitorPort}/routez`)).json()) as { num_routes: number })
        .num_routes,
    attempts: () => (log.match(/Route connection created/g) ?? []).length,
  };
}

test('a node without a certificate from the cluster CA cannot join the cluster', async () => {
  await waitFor(async () => (await routes(nodes[0]!)) === 2, { timeoutMs: 20_000 });
  // What an attacker on the network can run: a plain node, and one with a CA of its own.
  const attackerCa = createTestCa(join(rogueDir, 'ca'), 'attacker CA');
  const cert = issueTestCertificate(attackerCa, join(rogueDir, 'tls'), 'route');
  for (const [name, tls] of [
    ['plain-rogue', ''],
    [
      'rogue-ca',
      `tls { cert_file: "${cert.certFile}", key_file: "${cert.keyFile}", insecure: true, timeout: 5 }`,
    ],
  ] as const) {
    const rogue = await startRogue(name, tls);
    // It tries its route (and is turned away) at least twice.
    await waitFor(() => rogue.attempts() >= 2, { timeoutMs: 20_000 });
    expect(await rogue.routes(), name).toBe(0);
    expect(await routes(nodes[0]!), name).toBe(2);
  }
}, 60_000);
