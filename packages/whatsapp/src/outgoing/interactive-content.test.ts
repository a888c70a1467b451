import { describe, expect, it } from 'vitest';
import { outgoingMessageSchema } from './outgoing-message';

function buttons(n: number, make = (i: number) => ({ id: `b${i}`, title: `Option ${i}` })) {
  return Array.from({ length: n }, (_, i) => ({ type: 'reply' as const, reply: make(i) }));
}

function buttonMessage(action: unknown, extra: Record<string, unknown> = {}) {
  return {
    to: '16505551234',
    type: 'interactive',
    interactive: { type: 'button', body: { text: 'Pick one' }, action, ...extra },
  };
}

function list(sections: unknown, extra: Record<string, unknown> = {}) {
  return {
    to: '16505551234',
    type: 'interactive',
    interactive: { type: 'list', body: { text: 'Pick one' }, action: { button: 'Options', sections }, ...extra },
  };
}

function rows(n: number, prefix: string, title = (i: number) => `Row ${i}`) {
  return Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, title: title(i) }));
}

function issuePaths(input: unknown): string[] {
  const result = outgoingMessageSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
}

describe('interactive reply buttons (golden case 11)', () => {
  it('accepts 1 to 3 buttons with a text header and footer', () => {
    const msg = buttonMessage({ buttons: buttons(3) }, { header: { type: 'text', text: 'Hi' }, footer: { text: 'f' } });
    expect(outgoingMessageSchema.safeParse(msg).success).toBe(true);
  });

  it('rejects 4 buttons', () => {
    expect(issuePaths(buttonMessage({ buttons: buttons(4) }))).toEqual(['interactive.action.buttons']);
  });

  it('rejects zero buttons', () => {
    expect(issuePaths(buttonMessage({ buttons: [] }))).toEqual(['interactive.action.buttons']);
  });

  it('rejects a 21-character title and names the field', () => {
    const msg = buttonMessage({ buttons: buttons(2, (i) => ({ id: `b${i}`, title: i === 1 ? 'x'.repeat(21) : 'ok' })) });
    expect(issuePaths(msg)).toEqual(['interactive.action.buttons.1.reply.title']);
  });

  it('counts an emoji as one character of a 20-character title', () => {
    const msg = buttonMessage({ buttons: [{ type: 'reply', reply: { id: 'a', title: `${'x'.repeat(19)}😀` } }] });
    expect(outgoingMessageSchema.safeParse(msg).success).toBe(true);
  });

  it('rejects duplicate ids and duplicate titles', () => {
    const dupIds = buttonMessage({ buttons: buttons(2, (i) => ({ id: 'same', title: `T${i}` })) });
    expect(issuePaths(dupIds)).toEqual(['interactive.action.buttons.1.reply.id']);
    const dupTitles = buttonMessage({ buttons: buttons(2, (i) => ({ id: `b${i}`, title: 'Same' })) });
    expect(issuePaths(dupTitles)).toEqual(['interactive.action.buttons.1.reply.title']);
  });

  it('rejects blank titles, ids with surrounding spaces and ids over 256 characters', () => {
    expect(issuePaths(buttonMessage({ buttons: [{ type: 'reply', reply: { id: 'a', title: '   ' } }] }))).toEqual([
      'interactive.action.buttons.0.reply.title',
    ]);
    expect(issuePaths(buttonMessage({ buttons: [{ type: 'reply', reply: { id: ' a', title: 'A' } }] }))).toEqual([
      'interactive.action.buttons.0.reply.id',
    ]);
    expect(issuePaths(buttonMessage({ buttons: [{ type: 'reply', reply: { id: 'a'.repeat(257), title: 'A' } }] }))).toEqual([
      'interactive.action.buttons.0.reply.id',
    ]);
  });

  it('limits header text to 60, body to 1024 and footer to 60 characters', () => {
    const long = buttonMessage(
      { buttons: buttons(1) },
      { header: { type: 'text', text: 'h'.repeat(61) }, body: { text: 'b'.repeat(1025) }, footer: { text: 'f'.repeat(61) } },
    );
    expect(issuePaths(long).sort()).toEqual(['interactive.body.text', 'interactive.footer.text', 'interactive.header.text']);
  });

  it('accepts a media header by id or link', () => {
    const msg = buttonMessage({ buttons: buttons(1) }, { header: { type: 'image', image: { link: 'https://example.com/a.jpg' } } });
    expect(outgoingMessageSchema.safeParse(msg).success).toBe(true);
    const both = buttonMessage({ buttons: buttons(1) }, { header: { type: 'video', video: { id: '1', link: 'https://e.x/v.mp4' } } });
    expect(issuePaths(both)).toEqual(['interactive.header.video']);
  });
});

describe('interactive lists (golden case 11)', () => {
  it('accepts 10 rows across two titled sections', () => {
    const msg = list([
      { title: 'A', rows: rows(5, 'a') },
      { title: 'B', rows: rows(5, 'b') },
    ]);
    expect(outgoingMessageSchema.safeParse(msg).success).toBe(true);
  });

  it('rejects two sections of 6 rows (12 in total)', () => {
    const msg = list([
      { title: 'A', rows: rows(6, 'a') },
      { title: 'B', rows: rows(6, 'b') },
    ]);
    expect(issuePaths(msg)).toEqual(['interactive.action.sections']);
  });

  it('rejects a 25-character row title', () => {
    const msg = list([{ rows: rows(1, 'a', () => 'r'.repeat(25)) }]);
    expect(issuePaths(msg)).toEqual(['interactive.action.sections.0.rows.0.title']);
  });

  it('requires section titles when there is more than one section', () => {
    const msg = list([{ title: 'A', rows: rows(1, 'a') }, { rows: rows(1, 'b') }]);
    expect(issuePaths(msg)).toEqual(['interactive.action.sections.1.title']);
  });

  it('rejects duplicate row ids across sections, 11 sections, long descriptions and button labels', () => {
    const dup = list([
      { title: 'A', rows: [{ id: 'x', title: 'One' }] },
      { title: 'B', rows: [{ id: 'x', title: 'Two' }] },
    ]);
    expect(issuePaths(dup)).toEqual(['interactive.action.sections.1.rows.0.id']);
    const many = list(Array.from({ length: 11 }, (_, i) => ({ title: `S${i}`, rows: rows(1, `s${i}-`) })));
    expect(issuePaths(many)).toContain('interactive.action.sections');
    const desc = list([{ rows: [{ id: 'a', title: 'A', description: 'd'.repeat(73) }] }]);
    expect(issuePaths(desc)).toEqual(['interactive.action.sections.0.rows.0.description']);
    const label = { ...list([{ rows: rows(1, 'a') }]) };
    label.interactive.action.button = 'b'.repeat(21);
    expect(issuePaths(label)).toEqual(['interactive.action.button']);
  });

  it('allows only a text header', () => {
    const msg = list([{ rows: rows(1, 'a') }], { header: { type: 'image', image: { id: '1' } } });
    expect(issuePaths(msg)).toContain('interactive.header.type');
  });
});
