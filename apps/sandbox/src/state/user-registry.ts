import { z } from 'zod';

/** Body of `PUT /_sandbox/users/{wa_id}`. */
export const userInputSchema = z.strictObject({
  name: z.string().min(1).max(256),
  user_id: z
    .string()
    .regex(/^[A-Z]{2}\.[A-Za-z0-9.]+$/)
    .optional(),
  username: z.string().min(1).max(64).optional(),
  /** Whether the user reads business messages on their own (after the number's `read` delay). */
  auto_read: z.boolean().default(true),
});

/** A simulated WhatsApp user. */
export interface SimulatedUser {
  wa_id: string;
  name: string;
  user_id?: string;
  username?: string;
  auto_read: boolean;
}

/** Pre-created so the phone page and demos work without setup. */
export const defaultUsers: SimulatedUser[] = [
  { wa_id: '15551230001', name: 'Alice', user_id: 'US.15551230001000001', auto_read: true },
  { wa_id: '15551230002', name: 'Bob', user_id: 'US.15551230002000002', auto_read: true },
  { wa_id: '15551230003', name: 'Carla Müller', user_id: 'US.15551230003000003', username: '@carla', auto_read: true },
];

/** Simulated users by wa_id; recipients that were never registered get a plain entry on first use. */
export class UserRegistry {
  private readonly users = new Map<string, SimulatedUser>();

  constructor(initial: SimulatedUser[] = defaultUsers) {
    for (const user of initial) this.users.set(user.wa_id, { ...user });
  }

  upsert(waId: string, input: z.infer<typeof userInputSchema>): SimulatedUser {
    const user: SimulatedUser = { wa_id: waId, name: input.name, auto_read: input.auto_read };
    if (input.user_id !== undefined) user.user_id = input.user_id;
    if (input.username !== undefined) user.username = input.username;
    this.users.set(waId, user);
    return user;
  }

  get(waId: string): SimulatedUser | undefined {
    return this.users.get(waId);
  }

  /** The user with this business-scoped id, for sends addressed by `recipient`. */
  byUserId(userId: string): SimulatedUser | undefined {
    for (const user of this.users.values()) if (user.user_id === userId) return user;
    return undefined;
  }

  /** The registered user, or a default profile for a recipient nobody registered (Meta delivers to any WhatsApp user). */
  getOrDefault(waId: string): SimulatedUser {
    return this.users.get(waId) ?? { wa_id: waId, name: waId, auto_read: true };
  }

  list(): SimulatedUser[] {
    return [...this.users.values()];
  }
}
