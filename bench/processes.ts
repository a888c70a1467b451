import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

export interface Running {
  stop(): Promise<void>;
  /** CPU seconds (user + system) the process has used so far (Linux /proc; NaN elsewhere). */
  cpuSeconds(): number;
}

/** CPU seconds (user + system) of a process, from /proc/<pid>/stat (clock ticks of 10 ms). */
export function cpuSecondsOf(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

const children = new Set<ChildProcess>();
// A benchmark that dies must not leave servers behind holding its ports.
process.once('exit', () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

/** CPU seconds used so far by every live process whose command name is `comm` (e.g. every postgres backend). */
export function cpuSecondsOfCommand(comm: string): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) === comm) total += cpuSecondsOf(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

/** Starts a built app (`node dist/main.js`) or any script and waits for `healthUrl`. */
export async function startProcess(args: string[], env: Record<string, string>, healthUrl: string): Promise<Running> {
  if (await fetch(healthUrl).then(() => true, () => false)) {
    throw new Error(`${healthUrl} already answers before ${args.join(' ')} started: something else holds the port`);
  }
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    // A graceful stop writes CPU profiles; one that hangs must not hang the benchmark.
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  };
  for (let i = 0; i < 200; i += 1) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}`);
    try {
      if ((await fetch(healthUrl)).ok) return { stop, cpuSeconds: () => cpuSecondsOf(child.pid) };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`${args.join(' ')} did not become healthy`);
}
