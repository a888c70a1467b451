import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_API_KEY_SCOPES, hashApiKey } from './api-key';
import { verifyPassword } from './password';
import { createSecretBox } from './secret-box';
import { DEMO_SEED, seedDemo } from './seed-demo';
import { createTestDatabase, type TestDatabase } from './test-database';

const keyring = `it:${randomBytes(32).toString('base64')}`;
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase('seed');
});
afterAll(async () => {
  await db?.drop();
});

describe('seedDemo', () => {
  it('reuses the workspace, user, channel and bot and adds one API key per run', async () => {
    const box = createSecretBox(keyring);
    const first = await seedDemo(db.prisma, box);
    const second = await seedDemo(db.prisma, box);

    expect(second.workspaceId).toBe(first.workspaceId);
    expect(second.userId).toBe(first.userId);
    expect(second.channelId).toBe(first.channelId);
    expect(second.botId).toBe(first.botId);
    expect(second.flowId).toBe(first.flowId);
    expect(second.apiKey).not.toBe(first.apiKey);

    const p = db.prisma;
    expect(await p.workspace.count()).toBe(1);
    expect(await p.user.count()).toBe(1);
    expect(await p.member.findMany({ select: { role: true } })).toEqual([{ role: 'owner' }]);
    expect(await p.channel.count()).toBe(1);
    expect(await p.bot.count()).toBe(1);
    expect(await p.flow.count()).toBe(1);
    expect(await p.flowVersion.count()).toBe(1);
    const keys = await p.apiKey.findMany({ orderBy: { createdAt: 'asc' } });
    expect(keys.map((k) => k.hash)).toEqual([hashApiKey(first.apiKey), hashApiKey(second.apiKey)]);
    expect(keys[0]?.scopes).toHaveLength(ALL_API_KEY_SCOPES.length);

    const user = await p.user.findUniqueOrThrow({ where: { email: DEMO_SEED.userEmail } });
    expect(await verifyPassword(DEMO_SEED.userPassword, user.passwordHash)).toBe(true);
    const bot = await p.bot.findUniqueOrThrow({ where: { id: first.botId } });
    expect(bot).toMatchObject({ mode: 'flow', activeFlowId: first.flowId, channelId: first.channelId });
  });

  it('stores channel secrets only encrypted, readable with the keyring', async () => {
    const box = createSecretBox(keyring);
    // Every text column of the row, as raw SQL sees it.
    const rows = await db.prisma.$queryRaw<{ row: string }[]>`SELECT row_to_json(c)::text AS row FROM channels c`;
    expect(rows).toHaveLength(1);
    for (const plaintext of [DEMO_SEED.accessToken, DEMO_SEED.appSecret, DEMO_SEED.verifyToken]) {
      expect(rows[0]?.row).not.toContain(plaintext);
    }
    const channel = await db.prisma.channel.findFirstOrThrow();
    expect(box.decrypt(channel.accessTokenEnc)).toBe(DEMO_SEED.accessToken);
    expect(box.decrypt(channel.appSecretEnc)).toBe(DEMO_SEED.appSecret);
    expect(box.decrypt(channel.verifyTokenEnc)).toBe(DEMO_SEED.verifyToken);
    expect(channel).toMatchObject({
      kind: 'sandbox',
      phoneNumberId: DEMO_SEED.phoneNumberId,
      wabaId: DEMO_SEED.wabaId,
      displayPhoneNumber: DEMO_SEED.displayPhoneNumber,
      graphBaseUrl: null,
    });
  });

  it('re-encrypts channel secrets with the new active key after a rotation', async () => {
    const rotated = createSecretBox(`next:${randomBytes(32).toString('base64')},${keyring}`);
    await seedDemo(db.prisma, rotated);
    const channel = await db.prisma.channel.findFirstOrThrow();
    expect(rotated.keyIdOf(channel.accessTokenEnc)).toBe('next');
    expect(rotated.decrypt(channel.accessTokenEnc)).toBe(DEMO_SEED.accessToken);
  });
});

describe('npm run seed -- --json', () => {
  it('prints exactly one JSON object with the demo ids on stdout', async () => {
    const { code, stdout, stderr } = await runScript(['src/seed.ts', '--json'], {
      DATABASE_URL: db.url,
      ENCRYPTION_KEY: keyring,
    });
    expect(code, stderr).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const result = JSON.parse(lines[0]!) as Record<string, string>;
    expect(Object.keys(result)).toEqual(
      expect.arrayContaining(['workspace_id', 'api_key', 'user_email', 'user_password', 'channel_id', 'phone_number_id', 'bot_id']),
    );
    expect(result.api_key).toMatch(/^sb_live_[0-9A-Za-z]{32,}$/);
    expect(result.user_email).toBe('demo@switchboard.local');
    expect(result.user_password).toBe('switchboard-demo');
    expect(result.phone_number_id).toBe('100000000000001');
    const workspace = await db.prisma.workspace.findUniqueOrThrow({ where: { slug: 'demo' } });
    expect(result.workspace_id).toBe(workspace.id);
    const key = await db.prisma.apiKey.findUnique({ where: { hash: hashApiKey(result.api_key!) } });
    expect(key?.workspaceId).toBe(workspace.id);
  });

  it('refuses to run in production without ENCRYPTION_KEY', async () => {
    const { code, stdout, stderr } = await runScript(['src/seed.ts', '--json'], {
      DATABASE_URL: db.url,
      NODE_ENV: 'production',
      ENCRYPTION_KEY: undefined,
    });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/ENCRYPTION_KEY/);
  });
});

/** Runs a TypeScript script of this package with tsx; undefined env values are unset. */
function runScript(
  args: string[],
  overrides: Record<string, string | undefined>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  const child = spawn(process.execPath, [tsx, ...args], { cwd: new URL('..', import.meta.url), env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
