import { accessSync, constants, readFileSync } from 'node:fs';
import { credsAuthenticator, nkeyAuthenticator } from '@nats-io/nats-core';
import type { NodeConnectionOptions } from '@nats-io/transport-node';
import { inboxPrefix } from '@repowiki/contracts';
import { z } from 'zod';

/**
 * How a process reaches NATS: servers, one way to authenticate, TLS. Services read these
 * variables through their env schema; the `tasks` CLI maps its flags onto the same names and
 * parses them with this schema, so both refuse the same mistakes with the same words.
 * Credential values are never echoed back (see parseEnv) and URLs are logged redacted.
 */

/** Comma-separated NATS server URLs (a cluster). */
const natsUrls = z
  .string()
  .trim()
  .refine((v) => v.split(',').every((u) => /^(nats|tls|ws|wss):\/\/[^\s/]+/.test(u.trim())), {
    error: 'expected nats://host:port (comma-separated for a cluster)',
  });

/** A file this process can read whose text passes `looksRight` (checked at start-up). */
function readableFile(what: string, looksRight: (text: string) => boolean) {
  return z
    .string()
    .trim()
    .refine(
      (path) => {
        try {
          accessSync(path, constants.R_OK);
          return true;
        } catch {
          return false;
        }
      },
      { error: `cannot read the file (expected ${what})`, abort: true },
    )
    .refine((path) => looksRight(readFileSync(path, 'utf8')), { error: `expected ${what}` });
}

const CREDS = 'a .creds file (NATS USER JWT and USER NKEY SEED blocks)';
const NKEY_SEED = 'a file holding a user nkey seed (SU…)';
const PEM_CERT = 'a PEM certificate';
const PEM_KEY = 'a PEM private key';

export const NATS_ENV_SHAPE = {
  /** @default nats://127.0.0.1:4222 */
  NATS_URL: natsUrls.default('nats://127.0.0.1:4222'),
  NATS_USER: z.string().optional(),
  NATS_PASSWORD: z.string().optional(),
  NATS_TOKEN: z.string().optional(),
  /** A `.creds` file (JWT + nkey seed), for servers in operator/JWT mode. */
  NATS_CREDS_FILE: readableFile(
    CREDS,
    (t) => t.includes('NATS USER JWT') && t.includes('USER NKEY SEED'),
  ).optional(),
  /** A user nkey seed file, for users configured with `nkey:`. */
  NATS_NKEY_SEED_FILE: readableFile(NKEY_SEED, (t) => /^SU[A-Z2-7]{50,}$/.test(t.trim())).optional(),
  /** Require TLS even without a CA file (a server certificate from a public CA). @default false */
  NATS_TLS: z.stringbool({ error: 'expected true or false' }).default(false),
  /** PEM bundle that signs the NATS server's certificate; implies TLS. */
  NATS_TLS_CA: readableFile(PEM_CERT, (t) => t.includes('BEGIN CERTIFICATE')).optional(),
  /** Client certificate and key, for servers that verify clients (`verify: true`); implies TLS. */
  NATS_TLS_CERT: readableFile(PEM_CERT, (t) => t.includes('BEGIN CERTIFICATE')).optional(),
  NATS_TLS_KEY: readableFile(PEM_KEY, (t) => /BEGIN [A-Z ]*PRIVATE KEY/.test(t)).optional(),
  /**
   * Prefix of this connection's reply subjects. The shipped NATS config lets each user read
   * `_INBOX.<user>.>` only. @default a service: `_INBOX.<service>`; otherwise `_INBOX.<NATS_USER>`
   * when NATS_USER is set, else `_INBOX`
   */
  NATS_INBOX_PREFIX: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/, { error: 'expected dot-separated tokens, no wildcards' })
    .optional(),
};

export type NatsSettings = z.output<z.ZodObject<typeof NATS_ENV_SHAPE>>;

/** The ways to authenticate, in the order their variables are reported. */
const METHODS = [
  ['NATS_USER', 'NATS_USER/NATS_PASSWORD'],
  ['NATS_TOKEN', 'NATS_TOKEN'],
  ['NATS_CREDS_FILE', 'NATS_CREDS_FILE'],
  ['NATS_NKEY_SEED_FILE', 'NATS_NKEY_SEED_FILE'],
] as const;

/** Rules across variables; add to a schema with `.superRefine(checkNatsSettings)`. */
export function checkNatsSettings(s: Partial<NatsSettings>, ctx: z.RefinementCtx): void {
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (s.NATS_PASSWORD !== undefined && s.NATS_USER === undefined)
    issue('NATS_PASSWORD', 'requires NATS_USER');
  if (s.NATS_USER !== undefined && s.NATS_PASSWORD === undefined)
    issue('NATS_USER', 'requires NATS_PASSWORD');
  const set = METHODS.filter(([name]) => s[name] !== undefined);
  for (const [name] of set.slice(1)) {
    issue(name, `set only one of ${METHODS.map(([, label]) => label).join(', ')} (also set: ${set[0]![1]})`);
  }
  if (s.NATS_URL !== undefined) {
    const inUrls = new Set(
      s.NATS_URL.split(',')
        .map((u) => urlCredentials(u).auth)
        .filter((a) => a !== undefined)
        .map((a) => JSON.stringify(a)),
    );
    if (inUrls.size > 1) issue('NATS_URL', 'the URLs carry different credentials: give them once');
    if (inUrls.size > 0 && set.length > 0)
      issue('NATS_URL', `credentials in the URL and in ${set[0]![1]}: set only one`);
  }
  if (s.NATS_TLS_CERT !== undefined && s.NATS_TLS_KEY === undefined)
    issue('NATS_TLS_KEY', 'required with NATS_TLS_CERT');
  if (s.NATS_TLS_KEY !== undefined && s.NATS_TLS_CERT === undefined)
    issue('NATS_TLS_CERT', 'required with NATS_TLS_KEY');
}

/** The NATS settings alone, e.g. for a CLI or a web tier: `natsSettingsSchema.parse(process.env)`. */
export const natsSettingsSchema = z.object(NATS_ENV_SHAPE).superRefine(checkNatsSettings);

export interface NatsIdentityOptions {
  /** Connection name shown by `nats server report connections` and /connz. */
  name: string;
  /**
   * Prefix of this connection's reply subjects when NATS_INBOX_PREFIX is unset (a service
   * passes `_INBOX.<service>`). @default `_INBOX.<NATS_USER>` with a user, else `_INBOX`
   */
  inboxPrefix?: string;
}

/** Connection options (servers, credentials, TLS) from parsed settings. Reads the files it names. */
export function natsConnectionOptions(s: NatsSettings, o: NatsIdentityOptions): NodeConnectionOptions {
  // nats.js ignores credentials written in a server URL; like the Go client and the `nats`
  // CLI, `nats://user:pass@host` means user/password and `nats://token@host` a token.
  const urls = s.NATS_URL.split(',').map(urlCredentials);
  const fromUrl = urls.find((u) => u.auth !== undefined)?.auth;
  const user = s.NATS_USER ?? (fromUrl && 'user' in fromUrl ? fromUrl.user : undefined);
  // The shipped config names each user after its identity and gives it `_INBOX.<user>.>`.
  const prefix = s.NATS_INBOX_PREFIX ?? o.inboxPrefix ?? (user ? inboxPrefix(user) : undefined);
  const options: NodeConnectionOptions = {
    servers: urls.map((u) => u.server),
    name: o.name,
    ...(prefix ? { inboxPrefix: prefix } : {}),
  };
  if (s.NATS_USER !== undefined) {
    options.user = s.NATS_USER;
    options.pass = s.NATS_PASSWORD ?? '';
  }
  if (s.NATS_TOKEN !== undefined) options.token = s.NATS_TOKEN;
  if (fromUrl && 'token' in fromUrl) options.token = fromUrl.token;
  if (fromUrl && 'user' in fromUrl) {
    options.user = fromUrl.user;
    options.pass = fromUrl.pass;
  }
  if (s.NATS_CREDS_FILE) options.authenticator = credsAuthenticator(readFileSync(s.NATS_CREDS_FILE));
  if (s.NATS_NKEY_SEED_FILE) {
    options.authenticator = nkeyAuthenticator(
      new TextEncoder().encode(readFileSync(s.NATS_NKEY_SEED_FILE, 'utf8').trim()),
    );
  }
  if (s.NATS_TLS || s.NATS_TLS_CA || s.NATS_TLS_CERT) {
    // Any TLS setting makes TLS mandatory: the client refuses a server that does not offer it.
    options.tls = {
      ...(s.NATS_TLS_CA ? { caFile: s.NATS_TLS_CA } : {}),
      ...(s.NATS_TLS_CERT ? { certFile: s.NATS_TLS_CERT } : {}),
      ...(s.NATS_TLS_KEY ? { keyFile: s.NATS_TLS_KEY } : {}),
    };
  }
  return options;
}

type UrlAuth = { user: string; pass: string } | { token: string };

/** `nats://u:p@h:4222` → server `nats://h:4222` and user/password; `nats://t@h` → a token. */
export function urlCredentials(raw: string): { server: string; auth?: UrlAuth } {
  const u = raw.trim();
  const scheme = u.indexOf('://');
  const at = u.lastIndexOf('@');
  if (scheme === -1 || at < scheme) return { server: u };
  const userinfo = u.slice(scheme + 3, at);
  const server = u.slice(0, scheme + 3) + u.slice(at + 1);
  const colon = userinfo.indexOf(':');
  const decode = (v: string) => {
    try {
      return decodeURIComponent(v);
    } catch {
      return v;
    }
  };
  if (colon === -1) return { server, auth: { token: decode(userinfo) } };
  return {
    server,
    auth: { user: decode(userinfo.slice(0, colon)), pass: decode(userinfo.slice(colon + 1)) },
  };
}

export { redactNatsUrls } from '../urls.js';
