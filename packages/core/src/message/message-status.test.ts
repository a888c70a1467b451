import { describe, expect, it } from 'vitest';
import { canTransition, isTerminalStatus, statusesBefore } from './message-status';

describe('message status order', () => {
  it('only moves forward, whatever order Meta reports in (golden case 15)', () => {
    expect(canTransition('sent', 'read')).toBe(true);
    expect(canTransition('read', 'delivered')).toBe(false);
    expect(canTransition('read', 'sent')).toBe(false);
    expect(canTransition('delivered', 'delivered')).toBe(false);
  });

  it('lets a send fail after acceptance but never leaves a terminal state', () => {
    expect(canTransition('sent', 'failed')).toBe(true);
    expect(canTransition('failed', 'delivered')).toBe(false);
    expect(canTransition('expired', 'sent')).toBe(false);
    expect(isTerminalStatus('failed')).toBe(true);
    expect(isTerminalStatus('read')).toBe(false);
  });

  it('allows a new sending attempt and keeps inbound messages out of the outbound machine', () => {
    expect(canTransition('sending', 'sending')).toBe(true);
    expect(canTransition('received', 'sent')).toBe(false);
  });

  it('lists the statuses a CAS update may start from', () => {
    expect(statusesBefore('delivered').sort()).toEqual(['accepted', 'queued', 'sending', 'sent']);
  });
});
