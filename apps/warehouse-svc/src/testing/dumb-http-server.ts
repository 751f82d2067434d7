import { execFileSync } from 'node:child_process';
import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join, normalize, sep } from 'node:path';

/**
 * Serves bare repositories under `root` over git's "dumb" HTTP protocol: plain files, no
 * `git-upload-pack`, so git prints no "Receiving objects" progress line. Listens on
 * loopback, 127.0.0.1 by default (a test must allow that address, see ALLOWED_PRIVATE_GIT_HOSTS).
 */
export class DumbHttpServer {
  readonly requests: string[] = [];
  private server: Server | undefined;
  private port = 0;

  /** Authorization headers received (a private repository's test checks what git sent). */
  readonly authorizations: string[] = [];

  /**
   * @param basicAuth when set, a private repository: every request without exactly these
   * credentials gets 401 with a Basic challenge, as GitHub or GitLab answer.
   */
  constructor(
    private readonly root: string,
    private readonly host = '127.0.0.1',
    private readonly basicAuth?: { username: string; password: string },
  ) {}

  /** Makes a bare repository servable: the dumb protocol reads info/refs and objects/info/packs. */
  static prepare(bareRepo: string): void {
    execFileSync('git', ['update-server-info'], {
      cwd: bareRepo,
      env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
    });
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      this.requests.push(path);
      if (this.basicAuth) {
        const got = req.headers.authorization ?? '';
        if (got) this.authorizations.push(got);
        const want = `Basic ${Buffer.from(`${this.basicAuth.username}:${this.basicAuth.password}`).toString('base64')}`;
        if (got !== want) return void res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' }).end();
      }
      const file = normalize(join(this.root, path));
      if (!file.startsWith(this.root + sep)) return void res.writeHead(403).end();
      let size: number;
      try {
        const st = statSync(file);
        if (!st.isFile()) throw new Error('not a file');
        size = st.size;
      } catch {
        return void res.writeHead(404).end();
      }
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': size });
      createReadStream(file).pipe(res);
    });
    await new Promise<void>((r) => this.server?.listen(0, this.host, r));
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  /** `http://<host>:<port>/<name>` */
  url(name: string): string {
    return `http://${this.host.includes(':') ? `[${this.host}]` : this.host}:${this.port}/${name}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}
