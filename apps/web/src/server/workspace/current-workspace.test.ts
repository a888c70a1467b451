import { describe, expect, it } from 'vitest';
import { currentWorkspace } from './current-workspace';

const a = { id: 'a', slug: 'alpha' };
const b = { id: 'b', slug: 'beta' };

describe('currentWorkspace', () => {
  it('prefers the selected workspace the user still belongs to', () => {
    expect(currentWorkspace([a, b], 'b')).toBe(b);
  });

  it('falls back to the first membership when the selection is stale or absent', () => {
    expect(currentWorkspace([a, b], 'gone')).toBe(a);
    expect(currentWorkspace([a, b], null)).toBe(a);
  });

  it('is null without memberships', () => {
    expect(currentWorkspace([], 'a')).toBeNull();
  });
});
