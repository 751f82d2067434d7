import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { NatsConnection } from '@nats-io/nats-core';
import { connect, type NodeConnectionOptions } from '@nats-io/transport-node';
import { BUS_IDENTITIES, type BusIdentity, inboxPrefix, passwordVariable } from '@repowiki/contracts';
import { freePort } from '@repowiki/db';
import { createTestCa, issueTestCertificate } from './test-certs.js';

/** `infra/nats` of this repository (packages/testkit/src → ../../../infra/nats). */
export const INFRA_NATS_DIR = resolve(import.meta.dirname, '..', '..', '..', 'infra', 'nats');

/** A nats-server running the shipped production config (users, permissions, TLS). */
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
  /** Random password of each identity (what its Secret would hold). */
  readonly passwords: Readonly<Record<BusIdentity, string>>;
  readonly process: ChildProcess;
  /** Connects as `identity` over TLS, with that identity's inbox prefix. */
  connectAs(identity: BusIdentity, extra?: Partial<NodeConnectionOptions>): Promise<NatsConnection>;
  /** Stops the server (SIGTERM to its pid) and removes its directory. */
  stop(): Promise<void>;
}

/**
 * Starts `infra/nats/single.conf` (and the accounts.conf it includes) as shipped, changing
 * only what differs on one test machine: the ports (free ones on 127.0.0.1), the store
 * directory and where the certificate files live (a fresh test CA). Passwords are random and
 * passed the way production passes them: in the server's environment.
 */
export async function startSecuredNats(): Promise<SecuredNats> {
  const dir = mkdtempSync(join(tmpdir(), 'repowiki-nats-secured-'));
  const ca = createTestCa(join(dir, 'ca'));
  issueTestCertificate(ca, join(dir, 'tls'));
  const client = issueTestCertificate(ca, join(dir, 'client-tls'), 'client');
  copyFileSync(join(INFRA_NATS_DIR, 'accounts.conf'), join(dir, 'accounts.conf'));
  const [port, monitorPort] = [await freePort(), await freePort()];
  const configText = adaptConfig(readFileSync(join(INFRA_NATS_DIR, 'single.conf'), 'utf8'), {
    dir,
    port,
    monitorPort,
  });
  const configFile = join(dir, 'single.conf');
  writeFileSync(configFile, configText);
  mkdirSync(join(dir, 'jetstream'));

  // Leading digits and '#' break an unquoted value: the documented quoting must cope with both.
  const passwords = Object.fromEntries(
    BUS_IDENTITIES.map((id) => [id, `7${randomBytes(12).toString('base64url')}#x`]),
  ) as Record<BusIdentity, string>;
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${process.env.PATH}:/usr/sbin:/usr/local/sbin` };
  // As infra/README.md says: the value in double quotes (nats-server parses it as config).
  for (const id of BUS_IDENTITIES) env[passwordVariable(id)] = `"${passwords[id]}"`;
  const bin = process.env.NATS_SERVER_BIN ?? 'nats-server';
  let log = '';
  const child = spawn(bin, ['-c', configFile], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', (d: Buffer) => {
    log = (log + d.toString()).slice(-4_000);
  });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`nats-server exited with code ${code}: ${log}`))),
  );
  exited.catch(() => {});
  const monitorUrl = `http://127.0.0.1:${monitorPort}`;
  await Promise.race([waitForHealthy(monitorUrl), exited]);

  const url = `nats://127.0.0.1:${port}`;
  return {
    url,
    caFile: ca.certFile,
    clientCert: { certFile: client.certFile, keyFile: client.keyFile },
    monitorUrl,
    configText,
    passwords,
    process: child,
    connectAs: (identity, extra = {}) =>
      connect({
        servers: url,
        user: identity,
        pass: passwords[identity],
        tls: { caFile: ca.certFile },
        inboxPrefix: inboxPrefix(identity),
        reconnect: false,
        noAsyncTraces: true,
        name: `test-${identity}`,
        ...extra,
      }),
    async stop() {
      if (child.exitCode === null && child.pid !== undefined) {
        const gone = new Promise((r) => child.once('exit', r));
        process.kill(child.pid, 'SIGTERM');
        await gone;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The shipped text with this machine's ports and paths; everything else as committed. */
export function adaptConfig(text: string, o: { dir: string; port: number; monitorPort: number }): string {
  const out = text
    .replace(/^listen: 0\.0\.0\.0:4222$/m, `listen: 127.0.0.1:${o.port}`)
    .replace(/^http: 127\.0\.0\.1:8222$/m, `http: 127.0.0.1:${o.monitorPort}`)
    .replace(/store_dir: \/data\/jetstream/, `store_dir: "${o.dir}/jetstream"`)
    .replaceAll('"/etc/nats/', `"${o.dir}/`);
  // A test must not pass against a config it silently failed to adapt.
  for (const must of [
    `listen: 127.0.0.1:${o.port}`,
    `http: 127.0.0.1:${o.monitorPort}`,
    `${o.dir}/jetstream`,
  ]) {
    if (!out.includes(must)) throw new Error(`could not adapt the shipped config: "${must}" missing`);
  }
  return out;
}

/** nats-server's /healthz answers 200 once JetStream is up. */
async function waitForHealthy(monitorUrl: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`${monitorUrl}/healthz`);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`nats-server not healthy at ${monitorUrl}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
