import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { migrateFlow } from '../document/migrate-flow';
import { lintFlow } from '../lint/lint-flow';
import type { Session } from '../runtime/session';
import { step } from '../runtime/step';
import { transcriptBotLines, transcriptSchema, transcriptUserContent } from './transcript';

// Every golden transcript in examples/flows runs through step(), so `npm test` proves the documented behaviour.
const dir = fileURLToPath(new URL('../../../../examples/flows/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.transcript.json'));
const readJson = (name: string): unknown => JSON.parse(readFileSync(`${dir}${name}`, 'utf8'));

describe('golden transcripts', () => {
  it('finds the transcripts of every example flow', () => {
    const flows = readdirSync(dir).filter((f) => f.endsWith('.json') && !f.endsWith('.transcript.json'));
    expect(flows).toEqual(expect.arrayContaining(['lead-capture.json', 'keyword-hello.json']));
    for (const flow of flows) expect(files.some((f) => f.startsWith(flow.replace(/\.json$/, '.')))).toBe(true);
    expect(files.filter((f) => f.startsWith('lead-capture.')).length).toBeGreaterThanOrEqual(4);
  });

  it.each(readdirSync(dir).filter((f) => f.endsWith('.json') && !f.endsWith('.transcript.json')))('%s lints clean', (file) => {
    expect(lintFlow(migrateFlow(readJson(file)))).toEqual([]);
  });

  it.each(files)('%s', (file) => {
    const flow = migrateFlow(readJson(`${file.split('.')[0] as string}.json`));
    const transcript = transcriptSchema.parse(readJson(file));
    let session: Session | null = null;
    const start = Date.parse('2025-01-01T09:00:00.000Z');
    transcript.forEach((turn, i) => {
      const result = step(flow, session, { type: 'message', content: transcriptUserContent(flow, turn.user) }, {
        now: start + i * 1000,
        windowOpen: true,
      });
      session = result.session;
      const where = `turn ${i + 1} (${JSON.stringify(turn.user)})`;
      expect(transcriptBotLines(result.effects), where).toEqual(turn.bot);
      if (turn.variables) expect(result.session?.variables, where).toMatchObject(turn.variables);
      if (turn.ended === undefined) expect(result.session?.status, where).not.toBe('ended');
      else expect({ status: result.session?.status, reason: result.session?.endReason }, where).toEqual({ status: 'ended', reason: turn.ended });
    });
  });
});
