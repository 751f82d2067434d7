import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { NatsConnection } from '@nats-io/nats-core';
import { connect, type NodeConnectionOptions } from '@nats-io/transport-node';
import { BUS_IDENTITIES, type BusIdentity, inboxPrefix, passwordVariable } from '@repowiki/contracts';
import { freePort } from '@repowiki/db';
import { createTestCa, issueTestCertificate, type TestCa } from './test-certs.js';

/** `infra/nats` of this repository (packages/testkit/src → ../../../infra/nats). */
export const INFRA_NATS_DIR = resolve(import.meta.dirname, '..', '..', '..', 'infra', 'nats');

/** What the nodes of one test deployment share: the client CA, the route CA, the passwords. */
export interface SecuredNatsSecrets {
  readonly dir: string;
  /** Signs the servers' client-port certificates (what NATS_TLS_CA points to). */
  readonly ca: TestCa;
  /** Signs the route certificates of cluster nodes; a CA of its own. */
  readonly routeCa: TestCa;
  /** Random password of each identity (what its Secret would hold). */
  readonly passwords: Readonly<Record<BusIdentity, string>>;
}

/** A nats-server running a shipped production config (users, permissions, TLS). */
export interface SecuredNats {
  /** `nats://127.0.0.1:<port>`: TLS is required all the same. */
  readonly url: string;
  /** The CA that signed the server certificate (NATS_TLS_CA). */
  readonly caFile: string;
  /** A client certificate signed by the same CA, for tests of NATS_TLS_CERT/KEY. */
  readonly clientCert: { certFile: string; keyFile: string };
  /** `http://127.0.0.1:<port>`: the monitoring endpoint. */
  readonly monitorUrl: string;
  /** The rendered config as the server read it. */
  readonly configText: string;
  /** What the server logged so far (the last 1 MiB): refused operations show up here. */
  log(): string;
  readonly passwords: Readonly<Record<BusIdentity, string>>;
  readonly process: ChildProcess;
  /** Connects as `identity` over TLS, with that identity's inbox prefix. */
  connectAs(identity: BusIdentity, extra?: Partial<NodeConnectionOptions>): Promise<NatsConnection>;
  /** Stops the server (SIGTERM to its pid) and removes its directory. */
  stop(): Promise<void>;
}

export interface SecuredNatsOptions {
  /** A file of infra/nats. @default 'single.conf' */
  config?: string;
  /** Shared with the other nodes of a cluster. @default new ones, removed by stop() */
  secrets?: SecuredNatsSecrets;
  /** cluster-node-*.conf: this node's route port and every node's, routed on 127.0.0.1. */
  cluster?: { port: number; routes: readonly number[] };
  /** Wait for /healthz (a cluster node is healthy only once the cluster formed). @default true */
  waitHealthy?: boolean;
}

/** Fresh CAs and passwords in a temp folder. */
export function createSecuredNatsSecrets(): SecuredNatsSecrets {
  const dir = mkdtempSync(join(tmpdir(), 'repowiki-nats-secrets-'));
  // Leading digits and '#' break an unquoted value: the documented quoting must cope with both.
  const passwords = Object.fromEntries(
    BUS_IDENTITIES.map((id) => [id, `7${randomBytes(12).toString('base64url')}#x`]),
  ) as Record<BusIdentity, string>;
  return {
    dir,
    ca: createTestCa(join(dir, 'ca')),
    routeCa: createTestCa(join(dir, 'route-ca'), 'repowiki test route CA'),
    passwords,
  };
}

/**
 * Starts a config of infra/nats (and the accounts.conf it includes) as shipped, changing only
 * what differs on one test machine: the ports (free ones on 127.0.0.1), the store directory
 * and where the certificate files live (test CAs). Passwords are random and passed the way
 * production passes them: in the server's environment.
 */
export async function startSecuredNats(options: SecuredNatsOptions = {}): Promise<SecuredNats> {
  const ownSecrets = !options.secrets;
  const secrets = options.secrets ?? createSecuredNatsSecrets();
  const dir = mkdtempSync(join(tmpdir(), 'repowiki-nats-secured-'));
  issueTestCertificate(secrets.ca, join(dir, 'tls'));
  issueTestCertificate(secrets.routeCa, join(dir, 'cluster-tls'), 'route');
  const client = issueTestCertificate(secrets.ca, join(dir, 'client-tls'), 'client');
  copyFileSync(join(INFRA_NATS_DIR, 'accounts.conf'), join(dir, 'accounts.conf'));
  const [port, monitorPort] = [await freePort(), await freePort()];
  const name = options.config ?? 'single.conf';
  const configText = adaptConfig(readFileSync(join(INFRA_NATS_DIR, name), 'utf8'), {
    dir,
    port,
    monitorPort,
    ...(options.cluster ? { cluster: options.cluster } : {}),
  });
  const configFile = join(dir, name);
  writeFileSync(configFile, configText);
  mkdirSync(join(dir, 'jetstream'));

  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${process.env.PATH}:/usr/sbin:/usr/local/sbin` };
  // As infra/README.md says: the value in double quotes (nats-server parses it as config).
  for (const id of BUS_IDENTITIES) env[passwordVariable(id)] = `"${secrets.passwords[id]}"`;
  const bin = process.env.NATS_SERVER_BIN ?? 'nats-server';
  let log = '';
  const child = spawn(bin, ['-c', configFile], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', (d: Buffer) => {
    log = (log + d.toString()).slice(-1_048_576);
  });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) =>
      reject(new Error(`nats-server exited with code ${code}: ${log.slice(-4_000)}`)),
    ),
  );
  exited.catch(() => {});
  const monitorUrl = `http://127.0.0.1:${monitorPort}`;
  await Promise.race([
    options.waitHealthy === false ? waitForMonitor(monitorUrl) : waitForHealthy(monitorUrl),
    exited,
  ]);

  const url = `nats://127.0.0.1:${port}`;
  return {
    url,
    caFile: secrets.ca.certFile,
    clientCert: { certFile: client.certFile, keyFile: client.keyFile },
    monitorUrl,
    configText,
    log: () => log,
    passwords: secrets.passwords,
    process: child,
    connectAs: (identity, extra = {}) =>
      connect({
        servers: url,
        user: identity,
        pass: secrets.passwords[identity],
        tls: { caFile: secrets.ca.certFile },
        inboxPrefix: inboxPrefix(identity),
        reconnect: false,
        noAsyncTraces: true,
        name: `test-${identity}`,
        ...extra,
      }),
    async stop() {
      // A node a test killed has a signalCode and no exitCode: nothing to stop then.
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        const gone = new Promise((r) => child.once('exit', r));
        process.kill(child.pid, 'SIGTERM');
        await gone;
      }
      rmSync(dir, { recursive: true, force: true });
      if (ownSecrets) rmSync(secrets.dir, { recursive: true, force: true });
    },
  };
}

export interface AdaptOptions {
  dir: string;
  port: number;
  monitorPort: number;
  cluster?: { port: number; routes: readonly number[] };
}

/** The shipped text with this machine's ports and paths; everything else as committed. */
export function adaptConfig(text: string, o: AdaptOptions): string {
  let out = text
    .replace(/^listen: 0\.0\.0\.0:4222$/m, `listen: 127.0.0.1:${o.port}`)
    .replace(/^http: 127\.0\.0\.1:8222$/m, `http: 127.0.0.1:${o.monitorPort}`)
    .replace(/store_dir: \/data\/jetstream/, `store_dir: "${o.dir}/jetstream"`)
    .replaceAll('"/etc/nats/', `"${o.dir}/`);
  const must = [`listen: 127.0.0.1:${o.port}`, `http: 127.0.0.1:${o.monitorPort}`, `${o.dir}/jetstream`];
  if (o.cluster) {
    const routes = o.cluster.routes.map((p) => `nats-route://127.0.0.1:${p}`).join('\n    ');
    out = out
      .replace(/^ {2}listen: 0\.0\.0\.0:6222$/m, `  listen: 127.0.0.1:${o.cluster.port}`)
      .replace(/routes: \[[\s\S]*?\]/, `routes: [\n    ${routes}\n  ]`);
    must.push(`  listen: 127.0.0.1:${o.cluster.port}`, routes);
  }
  // A test must not pass against a config it silently failed to adapt.
  for (const m of must) {
    if (!out.includes(m)) throw new Error(`could not adapt the shipped config: "${m}" missing`);
  }
  return out;
}

async function waitForMonitor(monitorUrl: string, path = '/varz', timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`${monitorUrl}${path}`);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`nats-server not answering ${path} at ${monitorUrl}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** nats-server's /healthz answers 200 once JetStream is up. */
function waitForHealthy(monitorUrl: string): Promise<void> {
  return waitForMonitor(monitorUrl, '/healthz');
}
