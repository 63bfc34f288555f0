import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unusedPort } from './unused-port.js';

/**
 * A PostgreSQL server of the test's own (initdb in a temporary folder, its own port), so that the
 * test can restart or crash it without disturbing other test files, which share the machine's
 * cluster. Its one role, `cinema`, logs in without a password from 127.0.0.1.
 */
export interface PrivatePostgres {
  url: string;
  /** `fast` ends every session and shuts down cleanly; `immediate` is a crash, recovered from the WAL at start. */
  restart(mode: 'fast' | 'immediate'): void;
  /** What the server logged so far: its starts, shutdowns and crash recoveries. */
  serverLog(): string;
  stop(): void;
}

/** Debian's server binaries, the newest installed version. */
function serverBinaries(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((name) => existsSync(join(root, name, 'bin', 'initdb'))) : [];
  if (versions.length === 0) {
    throw new Error('This test runs a PostgreSQL server of its own and found no initdb under /usr/lib/postgresql/*/bin: install the server (apt-get install postgresql).');
  }
  return join(root, versions.sort((a, b) => Number(b) - Number(a))[0]!, 'bin');
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = serverBinaries();
  const folder = mkdtempSync(join(tmpdir(), 'cinema-private-pg-'));
  const data = join(folder, 'data');
  // PostgreSQL refuses to run as root: as root (CI), the server runs as the postgres user.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chmodSync(folder, 0o777);
  const run = (command: string, args: string[]) => {
    const file = join(bin, command);
    if (asRoot) execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', [file, ...args].map(shellQuote).join(' ')], { stdio: 'pipe' });
    else execFileSync(file, args, { stdio: 'pipe' });
  };
  const port = await unusedPort();
  run('initdb', ['-D', data, '-U', 'cinema', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${folder} -c fsync=off`;
  // The server's output goes to its log: on a pipe of ours it would hold the pipe open.
  const log = join(folder, 'server.log');
  run('pg_ctl', ['-D', data, '-o', options, '-l', log, '-w', 'start']);
  return {
    url: `postgres://cinema@127.0.0.1:${port}/postgres`,
    // pg_ctl restart starts the server again with the options it was started with.
    restart: (mode) => run('pg_ctl', ['-D', data, '-m', mode, '-l', log, '-w', 'restart']),
    serverLog: () => readFileSync(log, 'utf8'),
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    },
  };
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
