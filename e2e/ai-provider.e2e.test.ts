// The dashboard's AI pages in Chromium against the production build: an
// admin enters the provider, saves it (the key never comes back) and tests the
// connection against the fake OpenAI-compatible server; then edits a bot's
// agent settings in the form (client-side validation, an HTTP tool) and chats
// with them in the test panel; then uploads, lists and deletes the bot's
// knowledge documents (a PDF read on the server).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '@switchboard/ai-agent/testing';
import { buildTestPdf } from '@switchboard/core/testing';
import { createSecretBox, createTestDatabase, DEMO_SEED, seedDemo, type TestDatabase } from '@switchboard/db';
import { freePort, launchChromium } from '@switchboard/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const encryptionKey = `k1:${Buffer.alloc(32, 7).toString('base64')}`;

describe('AI dashboard pages', () => {
  let db: TestDatabase;
  let fake: FakeOpenAiServer;
  let web: ChildProcess;
  let base: string;
  let browser: Browser;
  let output = '';
  let workspaceId: string;

  beforeAll(async () => {
    const build = spawnSync('npx', ['turbo', 'run', 'build', '--filter=@switchboard/web', '--output-logs=errors-only'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    });
    if (build.status !== 0) throw new Error('next build failed');
    fake = await startFakeOpenAiServer({ apiKey: 'sk-page' });
    db = await createTestDatabase('ai_provider_page');
    workspaceId = (await seedDemo(db.prisma, createSecretBox(encryptionKey))).workspaceId;
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    web = spawn('npx', ['next', 'start', '-H', '127.0.0.1', '-p', String(port)], {
      cwd: resolve(root, 'apps/web'),
      env: {
        ...process.env,
        NODE_ENV: 'production',
        DATABASE_URL: db.url,
        ENCRYPTION_KEY: encryptionKey,
        NEXTAUTH_SECRET: 'e2e-nextauth-secret',
        APP_URL: base,
        NEXTAUTH_URL: base,
        // The fake listens on 127.0.0.1, which the SSRF guard refuses (its test allow-list is refused in
        // production builds): this run reaches it as a self-hosted model server would be reached.
        AI_PROVIDER_NETWORK: 'any',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    web.stdout?.on('data', (c) => (output += c));
    web.stderr?.on('data', (c) => (output += c));
    for (let i = 0; i < 300; i += 1) {
      if (web.exitCode !== null) throw new Error(`next start exited:\n${output}`);
      try {
        if ((await fetch(`${base}/api/healthz`)).ok) break;
      } catch {
        // starting
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    if (web?.pid && web.exitCode === null) {
      const exited = new Promise((r) => web.once('exit', r));
      process.kill(-web.pid, 'SIGTERM');
      await exited;
    }
    await fake?.close();
    await db?.drop();
  });

  it('saves the provider with a write-only key and tests the connection', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/login`);
    await page.getByTestId('login-email').fill(DEMO_SEED.userEmail);
    await page.getByTestId('login-password').fill(DEMO_SEED.userPassword);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('workspace-name').waitFor();
    await page.getByTestId('ai-link').click();
    await page.getByTestId('ai-provider-form').waitFor();

    await page.locator('input[name="baseUrl"]').fill(fake.baseUrl);
    await page.locator('input[name="model"]').fill('page-model');
    await page.locator('input[name="apiKey"]').fill('sk-page');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('ai-provider-saved').waitFor();
    expect(await page.locator('input[name="apiKey"]').inputValue()).toBe('');
    const row = await db.prisma.integration.findFirstOrThrow({ where: { workspaceId, kind: 'ai_provider' } });
    expect(row.config).toMatchObject({ baseUrl: fake.baseUrl, model: 'page-model' });
    expect(JSON.stringify(row)).not.toContain('sk-page');

    fake.script({ reply: 'ok' });
    await page.getByRole('button', { name: 'Test connection' }).click();
    const result = page.getByTestId('ai-provider-test-result');
    await result.waitFor();
    expect(await result.textContent()).toMatch(/^Connected: page-model answered in \d+ ms\.$/);
    expect(fake.requests.at(-1)?.authorization).toBe('Bearer sk-page');
    // The page never received the key back.
    expect(await page.content()).not.toContain('sk-page');

    mkdirSync(resolve(root, 'artifacts'), { recursive: true });
    await page.screenshot({ path: resolve(root, 'artifacts/ai-provider.png') });
    await page.close();
  });

  it('fills the agent form (checked with the server schema), adds an HTTP tool, saves, and tests it in the panel', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/login`);
    await page.getByTestId('login-email').fill(DEMO_SEED.userEmail);
    await page.getByTestId('login-password').fill(DEMO_SEED.userPassword);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('bot-agent-link').first().click();
    const form = page.getByTestId('agent-settings-form');
    await form.waitFor();

    // Refused in the browser by the same zod schema as the server: nothing is sent.
    await form.locator('textarea[name="systemPrompt"]').fill('');
    await form.locator('input[name="temperature"]').fill('9');
    await page.getByTestId('agent-save').click();
    await expect.poll(() => form.getByTestId('agent-field-error').allTextContents(), { timeout: 15_000 }).toHaveLength(2);
    expect((await db.prisma.bot.findFirstOrThrow({ where: { workspaceId } })).settings).not.toHaveProperty('agent');

    await form.locator('textarea[name="systemPrompt"]').fill('You are the demo assistant.');
    await form.locator('input[name="temperature"]').fill('0.5');
    await form.locator('input[name="memoryTurns"]').fill('4');
    await form.locator('textarea[name="greeting"]').fill('Hello from the agent!');
    await form.locator('input[name="builtIn.send_buttons"]').check();
    await page.getByTestId('add-http-tool').click();
    await form.locator('input[name="httpTools.0.name"]').fill('stock');
    await form.locator('input[name="httpTools.0.description"]').fill('Packs in stock for one tea');
    await form.locator('textarea[name="httpTools.0.parameters"]').fill('{"type":"object","properties":{"tea":{"type":"string"}},"required":["tea"]}');
    await form.locator('input[name="httpTools.0.url"]').fill('https://shop.example.com/stock?tea={{args.tea}}');
    await form.locator('textarea[name="httpTools.0.headers"]').fill('Authorization: Bearer shop-key');
    await page.getByTestId('agent-save').click();
    await page.getByTestId('agent-settings-saved').waitFor({ timeout: 15_000 });
    const bot = await db.prisma.bot.findFirstOrThrow({ where: { workspaceId } });
    expect(bot.settings).toMatchObject({
      agent: {
        systemPrompt: 'You are the demo assistant.', temperature: 0.5, memoryTurns: 4, greeting: 'Hello from the agent!',
        builtInTools: ['handoff_to_human', 'send_buttons'],
        httpTools: [{ name: 'stock', request: { method: 'GET', url: 'https://shop.example.com/stock?tea={{args.tea}}', headers: { Authorization: 'Bearer shop-key' } }, timeoutMs: 8000 }],
      },
    });

    // The test panel answers with the form's settings through the workspace's provider.
    fake.script({ reply: 'We have sencha.' });
    const panel = page.getByTestId('test-panel');
    await panel.getByTestId('test-panel-input').fill('Any sencha?');
    await panel.getByTestId('test-panel-send').click();
    await expect.poll(() => panel.getByTestId('test-panel-reply').allTextContents(), { timeout: 15_000 }).toEqual(['Hello from the agent!', 'We have sencha.']);
    expect(fake.requests.at(-1)?.tools?.map((t) => t.function.name)).toEqual(['handoff_to_human', 'send_buttons', 'stock']);
    await page.screenshot({ path: resolve(root, 'artifacts/agent-settings.png'), fullPage: true });
  });

  it('uploads, lists and deletes a bot\'s knowledge documents', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/login`);
    await page.getByTestId('login-email').fill(DEMO_SEED.userEmail);
    await page.getByTestId('login-password').fill(DEMO_SEED.userPassword);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('bot-agent-link').first().click();
    await page.getByTestId('knowledge-empty').waitFor();
    const file = page.locator('input[name="file"]');
    const rows = page.getByTestId('knowledge-row');

    await file.setInputFiles({ name: 'menu.pdf', mimeType: 'application/pdf', buffer: Buffer.from(buildTestPdf([['Matcha latte 4 EUR'], ['Oolong 3 EUR']])) });
    await page.getByRole('button', { name: 'Upload' }).click();
    await expect.poll(() => rows.allTextContents(), { timeout: 15_000 }).toEqual([expect.stringMatching(/^menu\.pdfsimple1/)]);
    // Markdown often comes without a type from the browser: the extension decides.
    await file.setInputFiles({ name: 'faq.md', mimeType: '', buffer: Buffer.from('# Hours\n\nOpen 9 to 18.') });
    await page.getByRole('button', { name: 'Upload' }).click();
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);

    await file.setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from([137, 80, 78, 71]) });
    await page.getByRole('button', { name: 'Upload' }).click();
    await expect.poll(() => page.getByTestId('knowledge-error').textContent(), { timeout: 15_000 }).toBe('Upload a .txt, .md or .pdf file.');
    await file.setInputFiles({ name: 'broken.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not really a pdf') });
    await page.getByRole('button', { name: 'Upload' }).click();
    await expect.poll(() => page.getByTestId('knowledge-error').textContent(), { timeout: 15_000 }).toBe('The file is not a PDF');

    const botId = (await db.prisma.bot.findFirstOrThrow({ where: { workspaceId } })).id;
    expect((await db.prisma.knowledgeDocument.findMany({ where: { botId }, orderBy: { title: 'asc' } })).map((d) => d.title)).toEqual(['faq.md', 'menu.pdf']);

    page.once('dialog', (dialog) => void dialog.dismiss());
    await rows.filter({ hasText: 'menu.pdf' }).getByRole('button', { name: 'Delete' }).click();
    expect(await db.prisma.knowledgeDocument.count({ where: { botId } })).toBe(2);
    page.once('dialog', (dialog) => void dialog.accept());
    await rows.filter({ hasText: 'menu.pdf' }).getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => rows.allTextContents(), { timeout: 15_000 }).toEqual([expect.stringMatching(/^faq\.md/)]);
    expect(await page.getByTestId('knowledge-error').count()).toBe(0);
    expect(await db.prisma.knowledgeDocument.count({ where: { botId } })).toBe(1);
    await page.screenshot({ path: resolve(root, 'artifacts/knowledge-documents.png') });
    await page.close();
  });
});
