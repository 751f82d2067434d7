import { once } from 'node:events';
import { connect as tcpConnect } from 'node:net';

/**
 * Publishing header blocks exactly as written, on a raw client connection: blocks no nats.js
 * client would build (repeated keys, invalid UTF-8, keys nats.js refuses to decode).
 */

export interface RawMessage {
  /** Header lines after the status line, each without its CRLF; undefined: no headers (PUB). */
  lines?: (string | Buffer)[];
  status?: string;
  /** @default `{"i":<index>}` */
  payload?: string;
}

const CRLF = Buffer.from('\r\n');

function headerBlock(m: RawMessage): Buffer {
  const parts: Buffer[] = [Buffer.from(m.status ?? 'NATS/1.0'), CRLF];
  for (const line of m.lines ?? []) parts.push(Buffer.from(line), CRLF);
  parts.push(CRLF);
  return Buffer.concat(parts);
}

/** Publishes on a raw client connection (HPUB with the block as written), then waits for the PONG. */
export async function rawPublish(natsUrl: string, subject: string, messages: RawMessage[]): Promise<void> {
  const url = new URL(natsUrl);
  const socket = tcpConnect(Number(url.port || 4222), url.hostname);
  await once(socket, 'connect');
  let received = '';
  const pong = new Promise<void>((resolve, reject) => {
    socket.on('data', (d: Buffer) => {
      received += d.toString('latin1');
      if (received.includes('-ERR')) reject(new Error(`nats-server: ${received}`));
      else if (received.includes('PONG')) resolve();
    });
    socket.on('error', reject);
  });
  const out: Buffer[] = [
    Buffer.from('CONNECT {"verbose":false,"pedantic":false,"headers":true,"protocol":1}\r\n'),
  ];
  messages.forEach((m, i) => {
    const payload = Buffer.from(m.payload ?? JSON.stringify({ i }));
    if (!m.lines) {
      out.push(Buffer.from(`PUB ${subject} ${payload.length}\r\n`), payload, CRLF);
      return;
    }
    const block = headerBlock(m);
    out.push(
      Buffer.from(`HPUB ${subject} ${block.length} ${block.length + payload.length}\r\n`),
      block,
      payload,
      CRLF,
    );
  });
  out.push(Buffer.from('PING\r\n'));
  socket.write(Buffer.concat(out));
  try {
    await pong;
  } finally {
    socket.destroy();
  }
}
