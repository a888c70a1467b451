// Small process helpers for the root scripts (plain Node, no dependencies:
// they run before `npm install` has happened).
import { spawn, spawnSync } from 'node:child_process';

/** Runs a command with inherited stdio; throws with the command line when it fails. */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) throw new Error(`${command} ${args.join(' ')}: ${result.error.message}`);
  if (result.status !== 0) {
    const error = new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
    error.exitCode = result.status ?? 1;
    throw error;
  }
}

/** Runs a command and returns its stdout (stderr passes through). */
export function capture(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
  return result.stdout;
}

/** True when `command` can be found on PATH. */
export function hasCommand(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

const colors = [36, 35, 33, 32, 34, 31];

/** Starts a long-running child whose output lines are prefixed with its name. */
export function startPrefixed(name, command, args, options = {}) {
  const color = colors[startPrefixed.count++ % colors.length];
  const label = process.stdout.isTTY ? `\x1b[${color}m${name.padEnd(8)}\x1b[0m│ ` : `${name.padEnd(8)}| `;
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, ...options });
  for (const stream of [child.stdout, child.stderr]) {
    let buffer = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) process.stdout.write(label + line + '\n');
    });
  }
  return child;
}
startPrefixed.count = 0;

/** Stops children (their whole process groups) with SIGTERM, then SIGKILL after a grace period. */
export async function stopAll(children, graceMs = 10_000) {
  const alive = children.filter((child) => child.exitCode === null && child.signalCode === null);
  for (const child of alive) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  await Promise.race([
    Promise.all(alive.map((child) => new Promise((resolve) => child.once('exit', resolve)))),
    new Promise((resolve) => setTimeout(resolve, graceMs)),
  ]);
  for (const child of alive) {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}
