// Public surface of @switchboard/db: the client factory, the generated model
// types and enums, and the helpers that decide how secrets are stored.
export { createPrismaClient } from './create-prisma-client';
export type { PrismaClientOptions } from './create-prisma-client';
export { isDatabaseUnavailableError } from './database-unavailable';
export * from './generated/prisma/client';

export { createSecretBox, SecretBoxError } from './secret-box';
export type { SecretBox } from './secret-box';
export { DEV_ENCRYPTION_KEY } from './dev-encryption-key';
export { hashPassword, verifyPassword } from './password';
export {
  ALL_API_KEY_SCOPES,
  API_KEY_PREFIX,
  apiKeyScopeSchema,
  generateApiKey,
  hashApiKey,
  looksLikeApiKey,
} from './api-key';
export type { ApiKeyScope, GeneratedApiKey } from './api-key';
export { hashVerifyToken } from './hash-verify-token';
export { DEMO_SEED, seedDemo } from './seed-demo';
export type { DemoSeedResult } from './seed-demo';
export { DEMO_FLOW_DOCUMENT } from './demo-flow';
export { createDemoBot, type DemoBotTarget } from './create-demo-bot';
export { ensureDatabase, migrateDatabase } from './migrate-database';
export { createTestDatabase } from './test-database';
export { planReads } from './plan-reads';
export type { TestDatabase } from './test-database';
