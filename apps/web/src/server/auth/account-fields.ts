import { z } from 'zod';

// Field schemas shared by the sign-up, invite and settings forms and the
// procedures behind them, so a form says exactly what the server would.

/** An email address, trimmed and lowercased (accounts are matched case-insensitively). */
export const emailField = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: 'Enter a valid email address.' }).max(320, { error: 'Email must be at most 320 characters.' }));

/** A new password: long enough to matter, short enough to bound hashing work. */
export const newPasswordField = z
  .string()
  .min(8, { error: 'Password must be at least 8 characters.' })
  .max(1024, { error: 'Password must be at most 1024 characters.' });

/** A person's display name; empty means none. */
export const personNameField = z.string().trim().max(100, { error: 'Name must be at most 100 characters.' });

/** A workspace's name. */
export const workspaceNameField = z
  .string()
  .trim()
  .min(1, { error: 'Give the workspace a name.' })
  .max(80, { error: 'Workspace name must be at most 80 characters.' });
