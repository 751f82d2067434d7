import type { StreamDefinition } from '@repowiki/contracts';
import { z } from 'zod';

/**
 * How the streams are kept, from the environment, applied by every process that creates
 * or updates streams (services at start-up, the beat, `tasks streams --apply`): all read
 * the same variables, so they never undo each other's change. An unset variable leaves that
 * setting of an existing stream as it is.
 */
const positive = (what: string) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, { error: `expected ${what}`, abort: true })
    .transform(Number)
    .refine((n) => n > 0 && Number.isSafeInteger(n), { error: `expected ${what}` });

export const STREAM_ENV_SHAPE = {
  /**
   * Copies of every stream in a JetStream cluster: 3 on a 3-node cluster. Raised (R1 → R3)
   * or lowered in place on existing streams, no message lost. @default unset (create R1)
   */
  NATS_STREAM_REPLICAS: z
    .string()
    .trim()
    .refine((v) => /^[1-5]$/.test(v), { error: 'expected 1 to 5 (3 on a 3-node cluster)', abort: true })
    .transform(Number)
    .optional(),
  /** `file` or `memory`, for streams created from now on (JetStream cannot change it). @default file */
  NATS_STREAM_STORAGE: z.enum(['file', 'memory'], { error: 'expected file or memory' }).optional(),
  /** EVENTS keeps events this long, ms. @default 604_800_000 (7 days) */
  NATS_EVENTS_MAX_AGE_MS: positive('a positive number of milliseconds').optional(),
  /** EVENTS drops its oldest events beyond this size, bytes. @default unlimited */
  NATS_EVENTS_MAX_BYTES: positive('a positive number of bytes').optional(),
  /** DLQ keeps dead letters this long, ms. @default 2_592_000_000 (30 days) */
  NATS_DLQ_MAX_AGE_MS: positive('a positive number of milliseconds').optional(),
  /** DLQ drops its oldest dead letters beyond this size, bytes. @default unlimited */
  NATS_DLQ_MAX_BYTES: positive('a positive number of bytes').optional(),
};

export const streamSettingsSchema = z.object(STREAM_ENV_SHAPE);
export type StreamSettings = z.output<typeof streamSettingsSchema>;

/**
 * The settings of this process's environment. Services have validated it at boot (a bad
 * value exits 78 naming it); elsewhere a bad value throws, naming the variable.
 */
export function streamSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): StreamSettings {
  const input: Record<string, string> = {};
  for (const name of Object.keys(STREAM_ENV_SHAPE)) {
    const v = env[name];
    if (v !== undefined && v !== '') input[name] = v;
  }
  const parsed = streamSettingsSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new Error(`invalid configuration: ${String(issue.path[0])}: ${issue.message}`);
}

/** A stream's definition with the settings laid over it. Task streams are work queues: no age or size limit. */
export function applyStreamSettings(
  def: StreamDefinition,
  s: StreamSettings,
  kind: 'task' | 'events' | 'dlq',
): StreamDefinition {
  const out: { -readonly [K in keyof StreamDefinition]: StreamDefinition[K] } = { ...def };
  if (s.NATS_STREAM_REPLICAS !== undefined) out.replicas = s.NATS_STREAM_REPLICAS;
  if (s.NATS_STREAM_STORAGE !== undefined) out.storage = s.NATS_STREAM_STORAGE;
  if (kind === 'events') {
    if (s.NATS_EVENTS_MAX_AGE_MS !== undefined) out.maxAgeMs = s.NATS_EVENTS_MAX_AGE_MS;
    if (s.NATS_EVENTS_MAX_BYTES !== undefined) out.maxBytes = s.NATS_EVENTS_MAX_BYTES;
  }
  if (kind === 'dlq') {
    if (s.NATS_DLQ_MAX_AGE_MS !== undefined) out.maxAgeMs = s.NATS_DLQ_MAX_AGE_MS;
    if (s.NATS_DLQ_MAX_BYTES !== undefined) out.maxBytes = s.NATS_DLQ_MAX_BYTES;
  }
  return out;
}
