import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, migrate } from '@repowiki/db';
import { trackDir, trackPid, untrackPid } from './processes.js';

const execFileAsync = promisify(execFile);
const BIN = process.env.CHAOS_PG_BIN ?? '/usr/lib/postgresql/15/bin';

/**
 * A PostgreSQL 15 the suite owns (initdb into a temp dir, a random port), so it may be
 * stopped and started. PostgreSQL refuses to run as root: as root every command runs as
 * the `postgres` user, which owns the data directory.
 */
export class PostgresNode {
  private constructor(
    readonly port: number,
    readonly dir: string,
    private readonly owner: { uid: number; gid: number } | undefined,
  ) {}

  static async create(): Promise<PostgresNode> {
    const dir = mkdtempSync(join(tmpdir(), 'chaos-pg-'));
    trackDir(dir);
    let owner: { uid: number; gid: number } | undefined;
    if (process.getuid?.() === 0) {
      const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
      chownSync(dir, uid, gid);
      owner = { uid, gid };
    }
    const node = new PostgresNode(await freePort(), dir, owner);
    await node.run('initdb', [
      '-D',
      node.dataDir,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--no-sync',
    ]);
    return node;
  }

  get dataDir(): string {
    return join(this.dir, 'data');
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** The postmaster's PID while it runs. */
  get pid(): number | undefined {
    const file = join(this.dataDir, 'postmaster.pid');
    if (!existsSync(file)) return undefined;
    const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  }

  async start(): Promise<void> {
    const options = [
      `-p ${this.port}`,
      `-k ${this.dir}`,
      '-c listen_addresses=127.0.0.1',
      // Workers, their pools and the suite's producers: ~25 connections per process.
      '-c max_connections=400',
      '-c shared_buffers=128MB',
    ].join(' ');
    await this.run('pg_ctl', [
      '-D',
      this.dataDir,
      '-o',
      options,
      '-l',
      join(this.dir, 'server.log'),
      '-w',
      'start',
    ]);
    trackPid(`pg:${this.port}`, () => this.pid);
  }

  /** `pg_ctl stop -m fast`: disconnects every client, aborts open transactions. */
  async stopFast(): Promise<void> {
    if (!this.pid) return;
    await this.run('pg_ctl', ['-D', this.dataDir, '-m', 'fast', '-w', 'stop']);
    untrackPid(`pg:${this.port}`);
  }

  async migrate(): Promise<void> {
    await migrate(this.url);
  }

  /**
   * Asynchronous on purpose: a stop or start under load takes seconds, and the producers
   * in this process MUST keep publishing meanwhile.
   */
  private async run(bin: string, args: string[]): Promise<void> {
    const cmd = join(BIN, bin);
    if (this.owner) await execFileAsync('runuser', ['-u', 'postgres', '--', cmd, ...args]);
    else await execFileAsync(cmd, args);
  }
}
