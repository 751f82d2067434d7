/**
 * pino serializer for logged errors (`err`, `error`). A failed statement's error carries
 * the statement and its values: postgres.js attaches `query`, `parameters`, `args` and
 * `types`; drizzle's message is "Failed query: <sql>\nparams: <every value>"; PostgreSQL's
 * `detail` says "Failing row contains (…)" and `where` may quote a parameter. Logged as
 * they were, a failed access-log batch wrote every row's IP, path and user agent, 19–40 KB
 * per line. This keeps what an operator acts on (type, SQLSTATE code, table, constraint,
 * counts) and a short message, and never a value.
 */

/** A logged message keeps at most this many characters. @default 300 */
export const MAX_LOGGED_MESSAGE_CHARS = 300;
/** Any other string field of an error keeps at most this many. @default 120 */
const MAX_FIELD_CHARS = 120;
/** Stack frames kept. @default 10 */
const MAX_STACK_FRAMES = 10;
/** Nested causes followed. @default 3 */
const MAX_CAUSE_DEPTH = 3;

/** Fields that carry SQL text or parameter values; arrays among them are counted instead. */
const VALUE_FIELDS = new Set([
  'query',
  'params',
  'parameters',
  'args',
  'types',
  'detail',
  'where',
  'internal_query',
  'internalQuery',
]);
/** Handled apart from the copied fields. */
const OWN_FIELDS = new Set(['name', 'message', 'stack', 'cause', 'errors']);

export function serializeLogError(value: unknown): unknown {
  return serialize(value, 0);
}

function serialize(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return cleanMessage(value);
  if (value === null || typeof value !== 'object') return value;
  const e = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const ctor = (value as { constructor?: { name?: string } }).constructor?.name;
  if (ctor && ctor !== 'Object') out.type = ctor;
  if (typeof e.name === 'string' && e.name !== ctor) out.name = e.name;
  const message = typeof e.message === 'string' ? cleanMessage(e.message) : undefined;
  if (message !== undefined) out.message = message;
  for (const key of Object.keys(e)) {
    if (OWN_FIELDS.has(key)) continue;
    const v = e[key];
    if (VALUE_FIELDS.has(key)) {
      if (Array.isArray(v) && (key === 'params' || key === 'parameters')) out.parameterCount = v.length;
      continue;
    }
    if (typeof v === 'string') out[key] = truncate(v, MAX_FIELD_CHARS);
    else if (typeof v === 'number' || typeof v === 'boolean') out[key] = v;
  }
  if (typeof e.stack === 'string') out.stack = cleanStack(e.stack, String(out.type ?? e.name ?? 'Error'));
  if (Array.isArray(e.errors)) out.errorCount = e.errors.length;
  if (e.cause !== undefined && depth < MAX_CAUSE_DEPTH) out.cause = serialize(e.cause, depth + 1);
  return out;
}

/** An error message without parameter values, quoted values or bulk. */
export function cleanMessage(message: string): string {
  // drizzle: "Failed query: <sql>\nparams: <values>".
  const cut = message.indexOf('\nparams:');
  let m = cut >= 0 ? message.slice(0, cut) : message;
  // PostgreSQL quotes the offending value after a colon: `invalid input syntax for type
  // inet: "203.0.113.77/99"`, `invalid input value for enum …: "…"`. Names it quotes
  // (`relation "x"`, `column "y"`) follow a word, not a colon, and stay.
  m = m.replace(/: "(?:[^"\\]|\\.)*"/g, ': "[value]"');
  return truncate(m, MAX_LOGGED_MESSAGE_CHARS);
}

/** The stack's frames alone: its first line repeats the raw message (the values). */
function cleanStack(stack: string, name: string): string {
  const frames = stack
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, MAX_STACK_FRAMES);
  return [name, ...frames].join('\n');
}

function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}… [${s.length} chars]` : s;
}
