/**
 * PostgreSQL array literals for batched statements (`unnest(${textArray(ids)}::text::text[])`).
 * Built here rather than with `sql.array`, whose element-to-array type mapping is only known
 * once a connection has fetched the server's types (a pool's first statement would send the
 * element type and fail). Cheaper than JSON on both sides: no parse of a document, no per-row
 * object.
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
