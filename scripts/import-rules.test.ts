// The import rules of docs/architecture.md, enforced: which workspace may
// import which other workspace package.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const allowed: Record<string, string[]> = {
  'packages/whatsapp': [],
  'packages/observability': [],
  'packages/db': [],
  'packages/flow-engine': [],
  'packages/queue': [],
  'packages/safe-http': [],
  'packages/webhooks': ['safe-http'],
  'packages/crm': [],
  'packages/chatwoot': ['crm'],
  'packages/testing': [],
  'packages/ai-agent': ['safe-http', 'whatsapp'],
  'packages/core': ['db', 'whatsapp', 'observability', 'flow-engine', 'webhooks', 'safe-http', 'crm', 'chatwoot', 'ai-agent'],
  'apps/sandbox': ['whatsapp', 'observability'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (['node_modules', 'dist', '.next', 'generated'].includes(name)) return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mts)$/.test(name) ? [path] : [];
  });
}

function importedWorkspacePackages(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/from\s+['"]@switchboard\/([a-z-]+)/g)].map((m) => m[1] as string);
}

describe('import rules', () => {
  for (const [workspace, may] of Object.entries(allowed)) {
    it(`${workspace} imports only ${may.length ? may.join(', ') : 'no workspace package'}`, () => {
      const own = workspace.split('/')[1];
      const violations = sourceFiles(join(workspace, 'src')).flatMap((file) =>
        importedWorkspacePackages(file)
          .filter((name) => name !== own && !may.includes(name))
          .map((name) => `${file} imports @switchboard/${name}`),
      );
      expect(violations).toEqual([]);
    });
  }
});
