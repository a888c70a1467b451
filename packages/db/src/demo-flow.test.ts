import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_FLOW_DOCUMENT } from './demo-flow';

describe('DEMO_FLOW_DOCUMENT', () => {
  it('is exactly examples/flows/lead-capture.json, the documented demo bot', () => {
    const example: unknown = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../examples/flows/lead-capture.json'), 'utf8'));
    expect(DEMO_FLOW_DOCUMENT).toEqual(example);
  });
});
