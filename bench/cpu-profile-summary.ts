// Reads V8 .cpuprofile files (node --cpu-prof) and names where the CPU went:
// self time per function and per cost centre (npm package, Node internals,
// our source module — bundle lines are mapped back through esbuild's
// `// ../../packages/x/src/y.ts` markers), plus GC and idle.
// Usage: node --import tsx bench/cpu-profile-summary.ts run/profiles/*.cpuprofile
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  hitCount?: number;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  file: string;
  wall_s: number;
  busy_share: number;
  top_functions: { function: string; where: string; self_ms: number; share: number }[];
  cost_centres: { centre: string; self_ms: number; share: number }[];
}

const bundleModules = new Map<string, { line: number; module: string }[]>();

/** Module of a bundle line (esbuild writes `// <path>` before each inlined module). */
function moduleOf(url: string, line: number): string | undefined {
  if (!url.includes('/dist/main.js')) return undefined;
  const path = url.replace(/^file:\/\//, '');
  let markers = bundleModules.get(path);
  if (!markers) {
    markers = [];
    try {
      readFileSync(path, 'utf8').split('\n').forEach((text, i) => {
        const m = /^\/\/ (\S+\.(?:ts|js|mjs|cjs))$/.exec(text);
        if (m) markers!.push({ line: i, module: m[1]!.replace(/^(\.\.\/)+/, '') });
      });
    } catch {
      // the bundle was rebuilt or removed: fall back to the url
    }
    bundleModules.set(path, markers);
  }
  let found: string | undefined;
  for (const m of markers) {
    if (m.line > line) break;
    found = m.module;
  }
  return found;
}

/** The cost centre of a frame: GC/idle/program, an npm package, a Node internal area, or our module's package. */
function centreOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (!url) {
    if (functionName === '(garbage collector)') return 'V8 garbage collector';
    if (functionName === '(idle)') return 'idle';
    if (functionName === '(program)') return 'V8/native (program)';
    return `native: ${functionName || '(anonymous)'}`;
  }
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return `npm: ${nm[1]}`;
  if (url.startsWith('wasm://')) return 'npm: @prisma/client (query compiler, wasm)';
  if (url.startsWith('node:')) {
    const area = url.replace(/^node:(internal\/)?/, '').split('/')[0] ?? url;
    return `node: ${area}`;
  }
  const module = moduleOf(url, frame.lineNumber);
  if (module) {
    const pkg = /^(?:packages|apps)\/([^/]+)\/src\/(.+)$/.exec(module);
    if (pkg) return `ours: ${pkg[1]}/${pkg[2]!.split('/')[0]}`;
    const app = /apps\/([^/]+)\/dist/.exec(url)?.[1];
    if (app && module.startsWith('src/')) return `ours: ${app}/${module.split('/')[1]}`;
    return `bundled: ${module}`;
  }
  return `other: ${basename(url)}`;
}

/** Self time per function and per cost centre of one .cpuprofile. */
export function summarizeProfile(file: string, top = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // A native frame (writev, runMicrotasks, …) counts for the first library or module of ours
  // that called it, through Node's own stream/net layers.
  const callerCentre = (id: number): string => {
    let at = parent.get(id);
    let nodeCentre: string | undefined;
    while (at !== undefined) {
      const frame = byId.get(at)!.callFrame;
      if (frame.url.startsWith('node:')) nodeCentre ??= centreOf(frame);
      else if (frame.url) return centreOf(frame);
      at = parent.get(at);
    }
    if (nodeCentre) return nodeCentre;
    return 'native (no JavaScript caller)';
  };
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const functions = new Map<string, { fn: string; where: string; us: number }>();
  const centres = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    const frame = node.callFrame;
    total += us;
    if (frame.functionName === '(idle)') idle += us;
    const special = ['(garbage collector)', '(idle)', '(program)'].includes(frame.functionName);
    const centre = frame.url || special ? centreOf(frame) : `${callerCentre(id)} (native ${frame.functionName})`;
    centres.set(centre, (centres.get(centre) ?? 0) + us);
    const module = moduleOf(frame.url, frame.lineNumber);
    const where = module ?? (frame.url ? `${frame.url.replace(/^file:\/\/.*node_modules\//, '')}:${frame.lineNumber + 1}` : '');
    const key = `${frame.functionName}|${where}`;
    const entry = functions.get(key) ?? { fn: frame.functionName || '(anonymous)', where, us: 0 };
    entry.us += us;
    functions.set(key, entry);
  }
  const busy = total - idle;
  const ms = (us: number) => Math.round(us / 100) / 10;
  const share = (us: number) => Math.round((us / Math.max(1, busy)) * 1000) / 10;
  return {
    file: basename(file),
    wall_s: Math.round((profile.endTime - profile.startTime) / 1e5) / 10,
    busy_share: Math.round((busy / Math.max(1, total)) * 1000) / 10,
    top_functions: [...functions.values()]
      .filter((f) => f.fn !== '(idle)')
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((f) => ({ function: f.fn, where: f.where, self_ms: ms(f.us), share: share(f.us) })),
    cost_centres: [...centres.entries()]
      .filter(([c]) => c !== 'idle')
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([centre, us]) => ({ centre, self_ms: ms(us), share: share(us) })),
  };
}

/** Summaries of several profiles (shares are of each process's busy time). */
export function summarizeProfiles(files: string[]): ProfileSummary[] {
  return files.map((f) => summarizeProfile(f));
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  console.log(JSON.stringify(summarizeProfiles(process.argv.slice(2)), null, 2));
}
