import { isAppError } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import type { Role } from './roles';
import { requireRole, roleAtLeast, roleSchema } from './roles';

const ordered: Role[] = ['viewer', 'agent', 'editor', 'admin', 'owner'];

describe('roleAtLeast', () => {
  it('grants every role at or below its own and nothing above', () => {
    for (const [i, role] of ordered.entries()) {
      for (const [j, minimum] of ordered.entries()) {
        expect(roleAtLeast(role, minimum), `${role} >= ${minimum}`).toBe(i >= j);
      }
    }
  });

  it('covers every role the schema accepts', () => {
    expect([...roleSchema.options].sort()).toEqual([...ordered].sort());
  });
});

describe('requireRole', () => {
  it('passes when the role is high enough', () => {
    expect(() => requireRole('owner', 'admin')).not.toThrow();
    expect(() => requireRole('editor', 'editor')).not.toThrow();
  });

  it('throws a forbidden AppError naming both roles when too low', () => {
    let thrown: unknown;
    try {
      requireRole('agent', 'admin');
    } catch (error) {
      thrown = error;
    }
    expect(isAppError(thrown)).toBe(true);
    if (!isAppError(thrown)) return;
    expect(thrown.code).toBe('forbidden');
    expect(thrown.message).toContain('admin');
    expect(thrown.details).toEqual({ required: 'admin', actual: 'agent' });
  });
});
