/**
 * A throwaway PostgreSQL cluster for tests: `initdb` into a temp directory, `pg_ctl start` on a
 * free port (TCP on 127.0.0.1 only, no Unix socket), trust auth, removed on stop. PostgreSQL refuses
 * to run as root, so under root every server command runs as the `postgres` system user (created by
 * Debian's package; `.ci/run` installs it) and the directory is handed to that user.
 *
 *   const pg = await startTestPostgres();
 *   … pg.url …
 *   await pg.kill();     // the database goes away (immediate shutdown), the data stays
 *   await pg.restart();  // same port, same data
 *   await pg.stop();
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../lib/chroma-server/index.ts';

const run = promisify(execFile);
const SERVER_USER = 'postgres';

export interface TestPostgres {
  /** postgres://meridian@127.0.0.1:<port>/meridian */
  url: string;
  port: number;
  /** Immediate shutdown (as if the server died); connections break. */
  kill(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** The directory holding initdb and pg_ctl: PG_BIN, else the newest /usr/lib/postgresql/<v>/bin, else PATH. */
function findBinDir(): string | undefined {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return path.join(root, versions[0], 'bin');
  }
  return undefined;
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const binDir = findBinDir();
  const bin = (name: string) => (binDir ? path.join(binDir, name) : name);
  if (binDir === undefined || !existsSync(bin('initdb')))
    throw new Error(
      'PostgreSQL server binaries not found (initdb, pg_ctl): install Debian\'s "postgresql" package (.ci/run does) or set PG_BIN',
    );
  const asRoot = process.getuid?.() === 0;
  const exec = (file: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', SERVER_USER, '--', file, ...args]) : run(file, args);

  const dir = mkdtempSync(path.join(os.tmpdir(), 'meridian-pg-'));
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(dir, 'server.log');
  if (asRoot) {
    const { stdout } = await run('id', ['-u', SERVER_USER]);
    const { stdout: gid } = await run('id', ['-g', SERVER_USER]);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  await exec(bin('initdb'), ['-D', dataDir, '-U', 'meridian', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c fsync=off`;
  const start = () => exec(bin('pg_ctl'), ['-D', dataDir, '-l', logFile, '-o', options, '-w', '-t', '60', 'start']);
  const shutdown = (mode: 'immediate' | 'fast') =>
    exec(bin('pg_ctl'), ['-D', dataDir, '-m', mode, '-w', 'stop']).catch(() => undefined);
  await start();
  await exec(bin('createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'meridian', 'meridian']);
  return {
    url: `postgres://meridian@127.0.0.1:${port}/meridian`,
    port,
    async kill() {
      await shutdown('immediate');
    },
    async restart() {
      await start();
    },
    async stop() {
      await shutdown('fast');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
