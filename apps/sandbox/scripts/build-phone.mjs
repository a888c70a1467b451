#!/usr/bin/env node
// Bundles the phone page's browser script next to the server bundle (dist/phone.js),
// where src/phone/phone-script.ts looks for it before falling back to bundling at run time.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/phone/client/main.ts'],
  outfile: 'dist/phone.js',
  bundle: true,
  format: 'iife',
  target: 'es2020',
  minify: true,
  sourcemap: true,
  logLevel: 'warning',
});
