import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WEBHOOK_EVENT_TYPES, webhookEventBodySchema } from './webhook-event-schemas';

// docs/webhooks.md shows one sample body per event type in ```json webhook-sample blocks; they must
// parse with the schema every delivered body is checked against, so the docs cannot drift.
const docs = readFileSync(resolve(import.meta.dirname, '../../../docs/webhooks.md'), 'utf8');
const samples = [...docs.matchAll(/```json webhook-sample\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');

describe('docs/webhooks.md samples', () => {
  it('has one sample per event type', () => {
    const types = samples.map((s) => (JSON.parse(s) as { type: string }).type);
    expect([...types].sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
  });

  it.each(samples.map((s, i) => [i, s] as const))('sample %i parses with webhookEventBodySchema', (_i, sample) => {
    const result = webhookEventBodySchema.safeParse(JSON.parse(sample));
    expect(result.success, result.success ? '' : JSON.stringify(result.error.issues)).toBe(true);
  });

  it('the schema rejects a body missing data fields, so the check above can fail', () => {
    const body = JSON.parse(samples[0] ?? '{}') as { data: Record<string, unknown> };
    delete body.data['implied'];
    expect(webhookEventBodySchema.safeParse(body).success).toBe(false);
  });

  it('the verification snippet uses the standardwebhooks package over the raw body', () => {
    expect(docs).toMatch(/import \{ Webhook \} from 'standardwebhooks'/);
    expect(docs).toMatch(/express\.raw\(/);
  });
});
