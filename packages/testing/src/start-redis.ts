import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';

export interface ScratchRedis {
  url: string;
  port: number;
  /** Data directory (AOF/RDB files live here and survive `kill`). */
  dir: string;
  /** SIGKILLs the server (no shutdown save), keeping its directory for `restart`. */
  kill(): Promise<void>;
  /** Starts the server again on the same port, directory and arguments; resolves once it answers PING. */
  restart(): Promise<void>;
  /** Stops the server (if running) and deletes its directory. */
  stop(): Promise<void>;
}

/** True when Redis on this port answers PING with PONG (not LOADING while it replays its AOF). */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
    socket.once('error', () => done(false));
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((r) => child.once('exit', () => r()));
}

/**
 * Starts a throwaway redis-server on a free port with extra arguments (e.g. an eviction policy, or
 * `--appendonly yes` for a crash-and-restart test).
 */
export async function startScratchRedis(args: string[] = []): Promise<ScratchRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'sb-redis-'));
  const argv = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...args];
  let child: ChildProcess;
  const launch = async () => {
    child = spawn('redis-server', argv, { stdio: 'ignore' });
    for (let i = 0; i < 200 && !(await answersPing(port)); i += 1) {
      if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode} (port ${port} taken?)`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    async kill() {
      const gone = exited(child);
      child.kill('SIGKILL');
      await gone;
    },
    restart: launch,
    async stop() {
      const gone = exited(child);
      child.kill('SIGTERM');
      await gone;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
