#!/usr/bin/env node
// Bundles a Node app's entry into dist/ with esbuild: workspace packages
// (@switchboard/*, TypeScript source) are inlined, npm dependencies stay
// external and are resolved from node_modules at run time.
import { build } from 'esbuild';

const entries = process.argv.slice(2);
if (entries.length === 0) {
  console.error('usage: node scripts/bundle.mjs <entry.ts> [more entries]');
  process.exit(2);
}

await build({
  entryPoints: entries,
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  plugins: [
    {
      // Every bare import except our own workspace packages stays external,
      // including the dependencies of the workspace packages we inline.
      name: 'externalize-npm-dependencies',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) =>
          args.path.startsWith('@switchboard/') ? undefined : { path: args.path, external: true },
        );
      },
    },
  ],
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
});
