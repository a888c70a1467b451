import { describe, expect, it } from 'vitest';
import { assembleTurn, type PendingInput } from './assemble-turn';

const text = (id: string, at: number, body: string): PendingInput => ({ id, arrivedAtMs: at, wamid: `w-${id}`, traceId: `t-${id}`, content: { type: 'text', body } });
const tap = (id: string, at: number, button: string): PendingInput => ({
  id, arrivedAtMs: at, wamid: `w-${id}`, traceId: `t-${id}`, content: { type: 'button_reply', id: button, title: button },
});

describe('assembleTurn', () => {
  it('has nothing to do without pending messages', () => {
    expect(assembleTurn([], { burstWindowMs: 0, nowMs: 0 })).toEqual({ kind: 'none' });
  });

  it('answers one message per turn with a burst window of 0, oldest first', () => {
    const pending = [text('a', 0, 'hi'), text('b', 5, 'there')];
    const first = assembleTurn(pending, { burstWindowMs: 0, nowMs: 10 });
    expect(first.kind).toBe('turn');
    if (first.kind !== 'turn') return;
    expect(first.group.inputs.map((i) => i.id)).toEqual(['a']);
    expect(first.group.contents).toEqual([{ type: 'text', body: 'hi' }]);
    expect(first.rest.map((i) => i.id)).toEqual(['b']);
    const second = assembleTurn(first.rest, { burstWindowMs: 0, nowMs: 10 });
    expect(second.kind === 'turn' && second.group.last.id).toBe('b');
  });

  it('waits while the burst window of the oldest message is open', () => {
    expect(assembleTurn([text('a', 1000, 'hi')], { burstWindowMs: 1500, nowMs: 2000 })).toEqual({ kind: 'wait', untilMs: 2500 });
  });

  it('merges every message inside the window into one turn and leaves later ones', () => {
    const pending = [text('a', 1000, 'hi'), text('b', 1400, 'I need'), text('c', 2500, 'help'), text('d', 2501, 'later')];
    const result = assembleTurn(pending, { burstWindowMs: 1500, nowMs: 3000 });
    expect(result.kind).toBe('turn');
    if (result.kind !== 'turn') return;
    expect(result.group.inputs.map((i) => i.id)).toEqual(['a', 'b', 'c']);
    expect(result.group.contents).toEqual([{ type: 'text', body: 'hi\nI need\nhelp' }]);
    expect(result.group.last.id).toBe('c');
    expect(result.rest.map((i) => i.id)).toEqual(['d']);
  });

  it('keeps taps and media as their own events, in order, joining only adjacent texts', () => {
    const pending = [text('a', 0, 'one'), tap('b', 1, 'sales'), text('c', 2, 'two'), text('d', 3, 'three')];
    const result = assembleTurn(pending, { burstWindowMs: 100, nowMs: 200 });
    expect(result.kind === 'turn' && result.group.contents).toEqual([
      { type: 'text', body: 'one' },
      { type: 'button_reply', id: 'sales', title: 'sales' },
      { type: 'text', body: 'two\nthree' },
    ]);
  });

  it('treats a negative window as 0', () => {
    const result = assembleTurn([text('a', 0, 'x'), text('b', 0, 'y')], { burstWindowMs: -5, nowMs: 0 });
    expect(result.kind === 'turn' && result.group.inputs.length).toBe(1);
  });
});
