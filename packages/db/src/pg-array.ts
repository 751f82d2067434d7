/**
 * PostgreSQL array literals for batched statements (`unnest(${textArray(ids)}::text::text[])`).
 * Every array parameter in this repository goes through these: the parameter is plain text
 * (`$1::text`) and PostgreSQL parses the literal, so nothing depends on postgres.js's array
 * serializers. Those exist only once a connection of the pool has fetched the server's array
 * types: `sql.array` on a pool's first statement sends the element type, and under `pnpm chaos`
 * pg-restart, JS array parameters went out as their bare element after PostgreSQL restarted
 * (`malformed array literal: "<id>"`, the task failed every attempt). Cheaper than JSON on
 * both sides too: no parse of a document, no per-row object.
 */

/** `{"a","b\"c",NULL}`: every element quoted, `"` and `\` escaped. */
export function textArray(xs: readonly (string | null)[]): string {
  let out = '{';
  for (let i = 0; i < xs.length; i++) {
    if (i > 0) out += ',';
    const x = xs[i];
    out +=
      x === null || x === undefined
        ? 'NULL'
        : `"${x.includes('"') || x.includes('\\') ? x.replace(/["\\]/g, '\\$&') : x}"`;
  }
  return `${out}}`;
}

/** `{1,2,NULL}` for integers (int4/int8 columns). */
export function intArray(xs: readonly (number | null)[]): string {
  let out = '{';
  for (let i = 0; i < xs.length; i++) {
    if (i > 0) out += ',';
    const x = xs[i];
    if (x === null || x === undefined) out += 'NULL';
    else if (Number.isSafeInteger(x)) out += x;
    else throw new TypeError(`not an integer: ${x}`);
  }
  return `${out}}`;
}
