import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a real server that can stall: while stalled, bytes in either
 * direction wait (the sockets are paused), so clients see a database that does not answer
 * — what a PostgreSQL restart or a network partition looks like to postgres.js, whose
 * queries then wait instead of failing. Fault injection for tests, not a stand-in for the
 * server: every byte still goes to and from the real one.
 */
export class StallingProxy {
  private readonly sockets = new Set<Socket>();
  private stalled = false;
  private refusing = false;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(target: { host: string; port: number }): Promise<StallingProxy> {
    let proxy: StallingProxy | undefined;
    const server = createServer((client) => {
      if (proxy?.refusing) {
        client.destroy();
        return;
      }
      const upstream = connect(target.port, target.host);
      for (const s of [client, upstream]) {
        proxy?.sockets.add(s);
        s.on('close', () => proxy?.sockets.delete(s));
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
      // After pipe(), which resumes its source: a connection opened during a stall waits too.
      if (proxy?.stalled) for (const s of [client, upstream]) s.pause();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('proxy has no port');
    proxy = new StallingProxy(server, address.port);
    return proxy;
  }

  /** The URL `url` would have if it pointed at this proxy. */
  rewrite(url: string): string {
    const u = new URL(url);
    u.hostname = '127.0.0.1';
    u.port = String(this.port);
    return u.toString();
  }

  stall(): void {
    this.stalled = true;
    for (const s of this.sockets) s.pause();
  }

  /**
   * Cuts every connection and refuses new ones until `resume()`: what a network partition
   * that resets connections looks like (a NATS client notices at once and reconnects).
   */
  cut(): void {
    this.refusing = true;
    for (const s of this.sockets) s.destroy();
  }

  resume(): void {
    this.refusing = false;
    this.stalled = false;
    for (const s of this.sockets) s.resume();
  }

  async close(): Promise<void> {
    this.resume();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
