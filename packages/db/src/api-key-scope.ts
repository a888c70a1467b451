// Browser-safe (zod only): the dashboard's forms import it through `@switchboard/db/api-key-scope`.
import { z } from 'zod';

/** Every permission an API key can carry. */
export const apiKeyScopeSchema = z.enum([
  'messages:write',
  'messages:read',
  'channels:write',
  'channels:read',
  'webhooks:write',
  'bots:write',
  'conversations:write',
]);
export type ApiKeyScope = z.infer<typeof apiKeyScopeSchema>;

/** All scopes, e.g. for the seed's demo key. */
export const ALL_API_KEY_SCOPES: readonly ApiKeyScope[] = apiKeyScopeSchema.options;
