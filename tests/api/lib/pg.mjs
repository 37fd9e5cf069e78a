// Throwaway PostgreSQL 15 cluster for the API tests.
//
// startPostgres() runs initdb + pg_ctl from Debian's packages in a fresh
// temporary directory, listening on a free TCP port on 127.0.0.1 only, with
// trust authentication on loopback.  When running as root, initdb/pg_ctl are
// run as the `postgres` system user (runuser), and the directory is handed
// over to that user.  The returned object has:
//   url                    postgres://postgres@127.0.0.1:PORT/ungcuu_test (created, empty)
//   clusterUrl             the same cluster's maintenance database (postgres)
//   host, port, user, dir
//   createDatabase(name?)  -> URL of another new, empty database
//   psql(dbUrl, sql)       -> stdout (throws on error)
//   stop()                 pg_ctl stop -m fast, then removes the directory
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import crypto from 'node:crypto';

export const PG_BIN = process.env.UNGCUU_TEST_PG_BIN || '/usr/lib/postgresql/15/bin';
export const PG_SUPERUSER = 'postgres';

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function run(cmd, args, opts = {}) {
  const full = isRoot && opts.asPostgres ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  const r = spawnSync(full[0], full[1], {
    encoding: 'utf8',
    timeout: opts.timeout ?? 60_000,
    env: { ...process.env, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8', ...(opts.env || {}) },
    cwd: opts.cwd ?? os.tmpdir(),
  });
  if (r.error) throw r.error;
  if (r.status !== 0 && !opts.allowFail) {
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}\n${r.stdout}\n${r.stderr}`);
  }
  return r;
}

/** Parse a postgres:// URL into {user, host, port, db}. */
export function parsePgUrl(url) {
  const u = new URL(url);
  return {
    user: decodeURIComponent(u.username) || PG_SUPERUSER,
    host: u.hostname,
    port: Number(u.port || 5432),
    db: decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres',
  };
}

/** URL of database `db` in the cluster that `url` points to. */
export function withDatabase(url, db) {
  const u = new URL(url);
  u.pathname = '/' + encodeURIComponent(db);
  return u.toString();
}

/** Run SQL with psql against a database URL; returns stdout (unaligned, tuples only). */
export function psql(dbUrl, sql, { allowFail = false } = {}) {
  const r = spawnSync('psql', [dbUrl, '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-c', sql], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, PGCONNECT_TIMEOUT: '10' },
  });
  if (r.error) throw r.error;
  if (r.status !== 0 && !allowFail) {
    throw new Error(`psql failed (${r.status}): ${sql}\n${r.stderr}`);
  }
  return allowFail ? r : r.stdout;
}

/** Create a new database in the cluster `clusterUrl` and return its URL. */
export function createDatabase(clusterUrl, name) {
  const db = name || `ungcuu_t_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  if (!/^[a-z0-9_]+$/.test(db)) throw new Error(`bad database name ${db}`);
  psql(withDatabase(clusterUrl, 'postgres'), `CREATE DATABASE ${db} TEMPLATE template0 ENCODING 'UTF8'`);
  return withDatabase(clusterUrl, db);
}

export async function startPostgres() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ungcuu-pg-'));
  const data = path.join(dir, 'data');
  const log = path.join(dir, 'postgres.log');
  if (isRoot) {
    // mkdtemp gives 0700 root:root; hand the whole directory to postgres.
    run('chown', ['postgres:postgres', dir]);
  }
  run(path.join(PG_BIN, 'initdb'), [
    '-D', data, '-U', PG_SUPERUSER, '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync',
  ], { asPostgres: true });
  // Loopback only, trust auth: rewrite pg_hba.conf to be explicit.
  const hba = [
    'local all all trust',
    'host all all 127.0.0.1/32 trust',
    '',
  ].join('\n');
  const hbaPath = path.join(data, 'pg_hba.conf');
  fs.writeFileSync(hbaPath, hba);
  if (isRoot) run('chown', ['postgres:postgres', hbaPath]);

  let port;
  let lastErr;
  for (let attempt = 0; attempt < 5; attempt++) {
    port = await freePort();
    const opts = [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', `port=${port}`,
      '-c', `unix_socket_directories=${dir}`,
      '-c', 'fsync=off',
      '-c', 'synchronous_commit=off',
      '-c', 'full_page_writes=off',
      '-c', 'max_connections=200',
    ].join(' ');
    const r = run(path.join(PG_BIN, 'pg_ctl'), ['-D', data, '-l', log, '-o', opts, '-w', '-t', '60', 'start'],
      { asPostgres: true, allowFail: true });
    if (r.status === 0) { lastErr = null; break; }
    lastErr = new Error(`pg_ctl start failed: ${r.stdout}\n${r.stderr}\n${safeRead(log)}`);
  }
  if (lastErr) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw lastErr;
  }

  const clusterUrl = `postgres://${PG_SUPERUSER}@127.0.0.1:${port}/postgres`;
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', stop);
    run(path.join(PG_BIN, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop'], { asPostgres: true, allowFail: true });
    fs.rmSync(dir, { recursive: true, force: true });
  };
  // Never leave a cluster behind, even when the test process dies early.
  process.on('exit', stop);

  // A first database of our own; createDatabase() makes more.
  let url;
  try {
    url = createDatabase(clusterUrl, 'ungcuu_test');
  } catch (e) {
    stop();
    throw e;
  }

  return {
    url,
    clusterUrl,
    host: '127.0.0.1',
    port,
    user: PG_SUPERUSER,
    dir,
    createDatabase: (name) => createDatabase(clusterUrl, name),
    psql,
    stop: async () => stop(),
  };
}

function safeRead(f) {
  try { return fs.readFileSync(f, 'utf8'); } catch { return ''; }
}
