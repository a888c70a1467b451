import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { loadMetaValidators } from '../testing/meta-schemas';
import { ALICE, messagesPath, startHarness, WABA_ID, type Harness } from '../testing/sandbox-harness';

const meta = loadMetaValidators();
const path = `/v24.0/${WABA_ID}/message_templates`;

interface TemplatePage {
  data: { id: string; name: string; language: string; status: string; category: string; components?: { type: string; text?: string }[] }[];
  paging?: { cursors: { before: string; after: string }; next?: string; previous?: string };
}

function expectValid(validate: ValidateFunction, data: unknown): void {
  expect(validate(data), `${meta.errorsText(validate)}\n${JSON.stringify(data)}`).toBe(true);
}

describe('GET /{WABA-ID}/message_templates', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('lists the account’s templates with Meta’s default fields, in Meta’s response shape', async () => {
    const res = await h.graph('GET', path);
    expect(res.status).toBe(200);
    expectValid(meta.response('listMessageTemplates'), res.body);
    const page = res.body as TemplatePage;
    expect(page.data.map((t) => `${t.name}/${t.language}/${t.status}`)).toEqual([
      'hello_world/en_US/APPROVED',
      'order_update/en_US/APPROVED',
      'order_update/es_ES/APPROVED',
      'follow_up/en_US/APPROVED',
      'appointment_reminder/en_US/PENDING',
      'spring_sale/en_US/REJECTED',
    ]);
    const order = page.data[1]!;
    expect(order).toMatchObject({ category: 'UTILITY', id: expect.stringMatching(/^\d+$/) });
    expect(order.components?.find((c) => c.type === 'BODY')?.text).toContain('{{1}}');
    expect(page.paging?.next).toBeUndefined();
  });

  it('pages with limit and the after cursor until no next link remains', async () => {
    const seen: string[] = [];
    let query = '?limit=4';
    let pages = 0;
    for (;;) {
      const page = (await h.graph('GET', `${path}${query}`)).body as TemplatePage;
      pages += 1;
      expect(page.data.length).toBeLessThanOrEqual(4);
      seen.push(...page.data.map((t) => t.id));
      if (!page.paging?.next) break;
      const next = new URL(page.paging.next);
      expect(next.searchParams.get('after')).toBe(page.paging.cursors.after);
      query = next.search;
    }
    expect(pages).toBe(2);
    expect(new Set(seen).size).toBe(6);
    const second = (await h.graph('GET', `${path}${query}`)).body as TemplatePage;
    const back = (await h.graph('GET', `${path}?limit=4&before=${second.paging!.cursors.before}`)).body as TemplatePage;
    expect(back.data.map((t) => t.id)).toEqual(seen.slice(0, 4));
  });

  it('filters by status and name, and returns only the asked fields plus the id', async () => {
    const approved = (await h.graph('GET', `${path}?status=APPROVED`)).body as TemplatePage;
    expect(approved.data.every((t) => t.status === 'APPROVED')).toBe(true);
    expect(approved.data).toHaveLength(4);
    const named = (await h.graph('GET', `${path}?name=order_update&fields=name,language`)).body as TemplatePage;
    expect(named.data).toEqual([
      { name: 'order_update', language: 'en_US', id: '920070352646141' },
      { name: 'order_update', language: 'es_ES', id: '920070352646142' },
    ]);
  });

  it('refuses a missing or foreign token and a bad limit as Meta does', async () => {
    expect(((await h.graph('GET', path, undefined, null)).body as { error: { code: number } }).error.code).toBe(104);
    expect(((await h.graph('GET', path, undefined, 'nope')).body as { error: { code: number } }).error.code).toBe(190);
    const other = await h.graph('GET', '/v24.0/999999/message_templates');
    expect(other.status).toBe(400);
    expect((other.body as { error: { code: number; error_subcode: number } }).error).toMatchObject({ code: 100, error_subcode: 33 });
    expect(((await h.graph('GET', `${path}?limit=0`)).body as { error: { code: number } }).error.code).toBe(100);
  });

  it('accepts a send of a listed template outside the service window', async () => {
    const res = await h.graph('POST', messagesPath, {
      messaging_product: 'whatsapp', to: ALICE, type: 'template',
      template: { name: 'order_update', language: { code: 'en_US' }, components: [{ type: 'body', parameters: ['Ada', '#1042', 'Friday'].map((text) => ({ type: 'text', text })) }] },
    });
    expect(res.status).toBe(200);
  });
});
