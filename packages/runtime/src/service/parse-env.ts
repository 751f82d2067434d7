import type { z } from 'zod';
import { redactNatsUrls } from '../nats/nats-settings.js';

/** `invalid configuration: …` — thrown by `parseEnv`, printed as one line by the bootstrap. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  /** Variables that failed, in schema order. */
  readonly variables: readonly string[];
  constructor(message: string, variables: readonly string[]) {
    super(message);
    this.variables = variables;
  }
}

/** EX_CONFIG from sysexits.h: what a supervisor shows for "fix your configuration". */
export const EXIT_CONFIG = 78;

/** Longest raw value echoed back in a message (values may be long URLs). */
const MAX_ECHO = 80;

/** Variables whose value is never echoed back (they may hold credentials). */
const SECRET = /PASSWORD|TOKEN|SECRET|CREDS|CREDENTIAL|KEY|SEED|DATABASE_URL/;
/** Echoed with any credentials in them masked (`nats://user:***@host`). */
const URLS = /^NATS_URL$/;

/**
 * Parses the environment with a service's schema. Empty strings count as unset, so
 * `FOO=` in a compose file or Helm values means "use the default".
 * @throws ConfigError naming every bad variable, in one line.
 */
export function parseEnv<T>(
  schema: z.ZodType<T, Record<string, string | undefined>>,
  env: NodeJS.ProcessEnv = process.env,
): T {
  const input: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') input[k] = v;
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const variables: string[] = [];
  const parts: string[] = [];
  for (const issue of result.error.issues) {
    const name = String(issue.path[0] ?? '(environment)');
    if (variables.includes(name)) continue;
    variables.push(name);
    const raw = input[name];
    const got =
      raw === undefined
        ? 'it is unset'
        : SECRET.test(name)
          ? 'got a value (hidden)'
          : `got ${JSON.stringify(truncate(URLS.test(name) ? redactNatsUrls(raw) : raw))}`;
    parts.push(`${name}: ${issue.message}, ${got}`);
  }
  throw new ConfigError(`invalid configuration: ${parts.join('; ')}`, variables);
}

function truncate(v: string): string {
  return v.length > MAX_ECHO ? `${v.slice(0, MAX_ECHO)}…` : v;
}
