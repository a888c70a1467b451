// Browser-safe: the dashboard's form validates with these (`@switchboard/core/api-key-admin-schemas`).
import { apiKeyScopeSchema } from '@switchboard/db/api-key-scope';
import { z } from 'zod';

/** A new key: a name people recognise, at least one scope, an optional lifetime. */
export const createApiKeyInputSchema = z.strictObject({
  name: z.string().trim().min(1, 'name: give the key a name').max(100),
  scopes: z
    .array(apiKeyScopeSchema)
    .min(1, 'scopes: choose at least one scope')
    .refine((scopes) => new Set(scopes).size === scopes.length, 'scopes: each scope once'),
  /** Days until the key stops working; none = until revoked. */
  expires_in_days: z.number().int().min(1).max(3650).optional(),
});
export type CreateApiKeyInput = z.infer<typeof createApiKeyInputSchema>;

/** Rotation: a new key with the same name and scopes; the old one keeps working for the overlap. */
export const rotateApiKeyInputSchema = z.strictObject({
  /** Hours the old key stays valid beside the new one (0 = revoke it now). Default 24. */
  overlap_hours: z.number().int().min(0).max(24 * 30).default(24),
});
export type RotateApiKeyInput = z.infer<typeof rotateApiKeyInputSchema>;

export const apiKeyViewSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  /** The first characters of the key, enough to recognise it (`sb_live_abcd`). */
  prefix: z.string(),
  scopes: z.array(z.string()),
  status: z.enum(['active', 'expired', 'revoked']),
  created_at: z.iso.datetime(),
  last_used_at: z.iso.datetime().nullable(),
  expires_at: z.iso.datetime().nullable(),
  revoked_at: z.iso.datetime().nullable(),
});
export type ApiKeyView = z.infer<typeof apiKeyViewSchema>;

/** Answer of create and rotate: the only time the secret is shown. */
export const createdApiKeySchema = z.object({ key: z.string(), api_key: apiKeyViewSchema });
export type CreatedApiKey = z.infer<typeof createdApiKeySchema>;
