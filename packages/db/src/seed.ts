// `npm run seed -w @switchboard/db [-- --json]`: creates the database if
// needed, applies migrations, then seeds the demo data. With --json, stdout
// carries exactly one JSON object and everything else goes to stderr.
import { createPrismaClient } from './create-prisma-client';
import { loadDbEnv } from './env';
import { ensureDatabase, migrateDatabase } from './migrate-database';
import { createSecretBox } from './secret-box';
import { DEMO_SEED, seedDemo } from './seed-demo';

const args = process.argv.slice(2);
const unknown = args.filter((arg) => arg !== '--json');
if (unknown.length > 0) {
  process.stderr.write(`seed: unknown argument(s) ${unknown.join(' ')}; usage: seed [--json]\n`);
  process.exit(2);
}
const json = args.includes('--json');

try {
  const env = loadDbEnv();
  await ensureDatabase(env.databaseUrl);
  await migrateDatabase(env.databaseUrl, { quiet: true });
  const prisma = createPrismaClient(env.databaseUrl, { maxConnections: 2 });
  try {
    const result = await seedDemo(prisma, createSecretBox(env.encryptionKey));
    if (json) {
      process.stdout.write(
        `${JSON.stringify({
          workspace_id: result.workspaceId,
          api_key: result.apiKey,
          user_email: result.userEmail,
          user_password: result.userPassword,
          channel_id: result.channelId,
          phone_number_id: result.phoneNumberId,
          bot_id: result.botId,
          flow_id: result.flowId,
          // What the sandbox needs to simulate the demo number (npm start registers it).
          sandbox: {
            phone_number_id: DEMO_SEED.phoneNumberId,
            display_phone_number: DEMO_SEED.displayPhoneNumber,
            waba_id: DEMO_SEED.wabaId,
            access_token: DEMO_SEED.accessToken,
            app_secret: DEMO_SEED.appSecret,
            verify_token: DEMO_SEED.verifyToken,
          },
        })}\n`,
      );
    } else {
      process.stdout.write(
        [
          'Demo data is ready.',
          `  workspace  Demo (${result.workspaceId})`,
          `  sign in    ${result.userEmail} / ${result.userPassword}`,
          `  channel    sandbox, phone_number_id ${result.phoneNumberId} (${result.channelId})`,
          `  bot        Demo bot (${result.botId})`,
          `  API key    ${result.apiKey}`,
          '             (new on every run, shown only now; use it as "Authorization: Bearer <key>")',
          '',
        ].join('\n'),
      );
    }
  } finally {
    await prisma.$disconnect();
  }
} catch (error) {
  process.stderr.write(`seed: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
