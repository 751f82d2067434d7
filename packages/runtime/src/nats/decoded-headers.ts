import type { JsMsg } from '@nats-io/jetstream';
import type { MsgHdrs } from '@nats-io/nats-core';

/**
 * A delivery's headers as nats.js decodes them, or undefined when it has none or cannot
 * decode them: `m.headers` throws on a header line whose key has a space or a non-ASCII
 * character, which any publisher can send. Code that copies or reads the other headers
 * (dead-lettering, parking, throttling) goes on without them rather than failing the
 * delivery, which would hand it back to the stream again and again.
 */
export function decodedHeaders(m: JsMsg): MsgHdrs | undefined {
  try {
    return m.headers;
  } catch {
    return undefined;
  }
}
