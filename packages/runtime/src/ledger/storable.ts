/**
 * PostgreSQL's `text` and `jsonb` reject NUL (U+0000) and lone UTF-16 surrogates; one such
 * value in a group-committed statement fails the whole batch. Values are made storable
 * before they reach SQL by replacing those code units with U+FFFD (the handler still gets the
 * original payload: only the ledger's copy is escaped).
 */

const REPLACEMENT = '\ufffd';
/** NUL, or a surrogate that is not half of a well-formed pair. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what must be found
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** Cheap pre-check for JSON text: a raw NUL/surrogate, or a `\u0000` / `\uD8xx`–`\uDFxx` escape. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what must be found
const SUSPECT_JSON = /[\u0000\ud800-\udfff]|\\u(?:0000|d[89a-f])/i;

/** The string with NUL and lone surrogates replaced by U+FFFD (itself when clean). */
export function storableText(s: string): string;
export function storableText(s: string | null): string | null;
export function storableText(s: string | null): string | null {
  if (s === null) return null;
  UNSTORABLE.lastIndex = 0;
  return UNSTORABLE.test(s) ? s.replace(UNSTORABLE, REPLACEMENT) : s;
}

/**
 * JSON text that `jsonb` accepts: itself when clean (the common case costs one regex test);
 * otherwise parsed, every string (keys too) made storable, and serialised again. Text that
 * is not JSON at all is stored as a JSON string.
 */
export function storableJson(text: string): string;
export function storableJson(text: string | null): string | null;
export function storableJson(text: string | null): string | null {
  if (text === null || !SUSPECT_JSON.test(text)) return text;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return JSON.stringify(storableText(text));
  }
  return JSON.stringify(storableValue(value));
}

/** A JSON value with every string (and key) made storable. */
export function storableValue(v: unknown): unknown {
  if (typeof v === 'string') return storableText(v);
  if (Array.isArray(v)) return v.map(storableValue);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[storableText(k)] = storableValue(x);
    return out;
  }
  return v;
}
