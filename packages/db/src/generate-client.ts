// `npm run generate -w @switchboard/db`: runs `prisma generate` only when the
// schema or the Prisma version differs from the last successful generation.
//
// Why not always regenerate: the generator rewrites every file in place, so a
// second generation running beside a reader (turbo's parallel typecheck, a
// browser test building the dashboard while another imports the client) can
// leave that reader, or after a kill the files themselves, half-written.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const schemaPath = resolve(packageDir, 'prisma/schema.prisma');
const clientEntry = resolve(packageDir, 'src/generated/prisma/client.ts');
const stampPath = resolve(packageDir, 'src/generated/.stamp');

const prismaVersion = (createRequire(import.meta.url)('prisma/package.json') as { version: string }).version;
const stamp = createHash('sha256').update(prismaVersion).update('\0').update(readFileSync(schemaPath)).digest('hex');

const upToDate = existsSync(clientEntry) && existsSync(stampPath) && readFileSync(stampPath, 'utf8') === stamp;
if (upToDate && !process.argv.includes('--force')) process.exit(0);

// A generation that dies half-way must not leave a stamp claiming success.
rmSync(stampPath, { force: true });
const result = spawnSync('npx', ['prisma', 'generate'], { cwd: packageDir, stdio: 'inherit' });
if (result.status !== 0) {
  process.stderr.write(`generate: prisma generate exited with ${result.status ?? result.signal}\n`);
  process.exit(1);
}
mkdirSync(dirname(stampPath), { recursive: true });
writeFileSync(stampPath, stamp);
