import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BYPASS_CORPUS } from './bypass-corpus';

// The corpus through real connection attempts, inside a network namespace
// where only loopback is up (reliability-plan §0), so a broken guard could
// at worst knock on a canary listener, never send a packet off the machine.
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const probe = fileURLToPath(new URL('../test/netns-probe.ts', import.meta.url));

function unshareArgs(): string[] | null {
  // Root can create a namespace directly; others need a user namespace too.
  for (const flags of [['-n'], ['-r', '-n']]) {
    const ok = spawnSync('unshare', [...flags, 'sh', '-c', 'ip link set lo up'], { stdio: 'ignore' }).status === 0;
    if (ok) return flags;
  }
  return null;
}

const flags = unshareArgs();
if (!flags) {
  console.warn('safe-http: netns SSRF mode SKIPPED: `unshare -n` (or `unshare -rn`) with `ip link set lo up` is not available here; the other SSRF tests still run.');
}

interface ProbeReport {
  interfaces: string[];
  control: { plain: string; controlHits: number; outbound: string };
  results: Array<{ url: string; expected: string; name: string; reason?: string }>;
  corpusHits: number;
  rebind: { validated: boolean; lookups: number; outcome: { name: string; reason?: string }; hits: number };
  redirect: { status: number; hits: number };
}

describe.skipIf(!flags)('SSRF corpus in a loopback-only network namespace', () => {
  let report: ProbeReport;

  it('runs the probe inside the namespace', () => {
    const run = spawnSync(
      'unshare',
      [...(flags ?? []), 'sh', '-c', 'ip link set lo up && exec "$0" --import tsx "$1"', process.execPath, probe],
      { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 },
    );
    expect(run.status, run.stderr).toBe(0);
    report = JSON.parse(run.stdout) as ProbeReport;
    expect(report.interfaces).toEqual(['lo']);
  });

  it('proves the canaries count and nothing off loopback is routable', () => {
    expect(report.control.controlHits).toBe(1);
    expect(report.control.outbound).toBe('ENETUNREACH');
  });

  it('refuses every corpus URL with the expected reason and no canary connection', () => {
    expect(report.results).toHaveLength(BYPASS_CORPUS.length);
    const wrong = report.results.filter((r) => r.name !== 'UnsafeUrlError' || r.reason !== r.expected);
    expect(wrong).toEqual([]);
    expect(report.corpusHits).toBe(0);
  });

  it('refuses DNS rebinding at connect time', () => {
    expect(report.rebind).toEqual({
      validated: true,
      lookups: 2,
      outcome: expect.objectContaining({ name: 'UnsafeUrlError', reason: 'private_address' }),
      hits: 0,
    });
  });

  it('does not follow a redirect to a loopback canary', () => {
    expect(report.redirect).toEqual({ status: 302, hits: 0 });
  });
});
