import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A git "server" on 127.0.0.1 that accepts every request and never answers: a clone of it runs
 * until it is aborted (revoked) or times out, so a test can catch a real `process` task while
 * it runs. Each held request is answered 503 when the server stops.
 */
export async function startHangingGitServer(): Promise<{
  url: string;
  requests(): number;
  stop(): Promise<void>;
}> {
  const held = new Set<ServerResponse>();
  let requests = 0;
  const server = createServer((_req: IncomingMessage, res: ServerResponse) => {
    requests++;
    held.add(res);
    res.on('close', () => held.delete(res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => requests,
    async stop() {
      for (const res of held) res.writeHead(503).end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
