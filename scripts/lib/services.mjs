// Finds Postgres and Redis from DATABASE_URL / REDIS_URL and, when they do
// not answer, starts local servers if installed or `docker compose` when a
// Docker engine runs; otherwise stops with what exactly to install.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { hasCommand } from './run.mjs';

/** Resolves true when a TCP connection to host:port succeeds within timeoutMs. */
export function canConnect(host, port, timeoutMs = 1000) {
  return new Promise((done) => {
    const socket = connect({ host, port });
    const finish = (ok) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

async function waitFor(host, port, seconds) {
  for (let i = 0; i < seconds * 4; i += 1) {
    if (await canConnect(host, port, 500)) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

function endpoint(url, defaultPort) {
  const parsed = new URL(url);
  return { host: parsed.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1', port: Number(parsed.port || defaultPort) };
}

const isLocal = (host) => ['127.0.0.1', 'localhost', '::1'].includes(host);

function dockerWorks() {
  return hasCommand('docker') && spawnSync('docker', ['info'], { stdio: 'ignore' }).status === 0;
}

function startLocalPostgres(port) {
  if (hasCommand('pg_ctlcluster') && existsSync('/etc/postgresql')) {
    for (const version of readdirSync('/etc/postgresql')) {
      const result = spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], { stdio: 'inherit' });
      if (result.status === 0) return true;
    }
  }
  if (hasCommand('pg_ctl') && process.env.PGDATA) {
    return spawnSync('pg_ctl', ['-D', process.env.PGDATA, '-o', `-p ${port}`, '-l', resolve('run/postgres.log'), 'start'], { stdio: 'inherit' }).status === 0;
  }
  return false;
}

function startLocalRedis(port) {
  if (!hasCommand('redis-server')) return false;
  const dir = resolve('run/redis');
  mkdirSync(dir, { recursive: true });
  // AOF with noeviction: the settings BullMQ needs to never lose or duplicate a job.
  const args = ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', String(port), '--dir', dir,
    '--appendonly', 'yes', '--appendfsync', 'everysec', '--maxmemory-policy', 'noeviction', '--logfile', resolve('run/redis.log')];
  return spawnSync('redis-server', args, { stdio: 'inherit' }).status === 0;
}

async function ensureOne({ name, url, defaultPort, startLocal, composeService, install }) {
  const { host, port } = endpoint(url, defaultPort);
  if (await canConnect(host, port)) return { name, started: false };
  if (isLocal(host)) {
    console.log(`${name} is not answering on ${host}:${port}; trying to start it…`);
    if (startLocal(port) && (await waitFor(host, port, 30))) return { name, started: 'local' };
    if (dockerWorks()) {
      const result = spawnSync('docker', ['compose', 'up', '-d', composeService], { stdio: 'inherit' });
      if (result.status === 0 && (await waitFor(host, port, 60))) return { name, started: 'docker' };
    }
  }
  throw new Error(
    `${name} is not reachable at ${host}:${port} (from ${url}).\n` +
      `  Install it (${install}), or install Docker so \`docker compose up -d ${composeService}\` can run it,\n` +
      `  or point ${name === 'PostgreSQL' ? 'DATABASE_URL' : 'REDIS_URL'} at a running server.`,
  );
}

/** Makes sure Postgres and Redis answer; returns what had to be started. */
export async function ensureServices({ databaseUrl, redisUrl }) {
  const results = [];
  results.push(await ensureOne({
    name: 'PostgreSQL', url: databaseUrl, defaultPort: 5432, startLocal: startLocalPostgres,
    composeService: 'postgres', install: 'Debian/Ubuntu: sudo apt-get install postgresql; macOS: brew install postgresql@15',
  }));
  results.push(await ensureOne({
    name: 'Redis', url: redisUrl, defaultPort: 6379, startLocal: startLocalRedis,
    composeService: 'redis', install: 'Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis',
  }));
  return results;
}
