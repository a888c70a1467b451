import { AppError } from '@switchboard/core';
import type { Role } from './role-schema';

export { roleSchema, type Role } from './role-schema';

// Linear on purpose: each role can do everything the roles below it can.
// An editor builds bots and can also answer conversations like an agent.
const rank: Record<Role, number> = { viewer: 0, agent: 1, editor: 2, admin: 3, owner: 4 };

/** True when `role` grants at least the permissions of `minimum`. */
export function roleAtLeast(role: Role, minimum: Role): boolean {
  return rank[role] >= rank[minimum];
}

/** Throws a `forbidden` AppError unless `role` is at least `minimum`. */
export function requireRole(role: Role, minimum: Role): void {
  if (!roleAtLeast(role, minimum)) {
    throw new AppError('forbidden', `This action needs the ${minimum} role or higher; you are ${role}.`, {
      details: { required: minimum, actual: role },
    });
  }
}
