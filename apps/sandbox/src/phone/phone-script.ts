import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

let cached: Promise<string> | undefined;

/**
 * The phone page's browser script. A build writes it beside the bundle (`dist/phone.js`); when
 * running from source (tsx, tests) it is bundled from `client/main.ts` with esbuild on first use.
 */
export function phoneScript(): Promise<string> {
  cached ??= loadScript().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

async function loadScript(): Promise<string> {
  try {
    return await readFile(new URL('./phone.js', import.meta.url), 'utf8');
  } catch {
    const esbuild = await import('esbuild');
    const result = await esbuild.build({
      entryPoints: [fileURLToPath(new URL('./client/main.ts', import.meta.url))],
      bundle: true,
      write: false,
      format: 'iife',
      target: 'es2020',
      logLevel: 'silent',
    });
    const file = result.outputFiles[0];
    if (file === undefined) throw new Error('esbuild produced no phone script');
    return file.text;
  }
}
