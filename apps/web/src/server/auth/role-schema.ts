import { z } from 'zod';

/** The workspace roles, lowest last in rank: kept free of server imports so forms can use it. */
export const roleSchema = z.enum(['owner', 'admin', 'editor', 'agent', 'viewer']);
export type Role = z.infer<typeof roleSchema>;
