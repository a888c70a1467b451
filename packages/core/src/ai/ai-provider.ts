import type { ChatProviderConfig } from '@switchboard/ai-agent';
import type { Prisma, PrismaClient, SecretBox } from '@switchboard/db';
import { z } from 'zod';
import { AppError } from '../app-error';
import { zodIssuesToDetails } from '../zod-issues';

/** A workspace's model provider: OpenAI or any OpenAI-compatible server, reached at `baseUrl`. */
export const aiProviderInputSchema = z.object({
  baseUrl: z.string().url().refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL').default('https://api.openai.com/v1'),
  /** Written only; never read back. Some local servers (Ollama) take any key. */
  apiKey: z.string().min(1).max(500),
  /** The default model of the workspace's agents and AI steps. */
  model: z.string().min(1).max(200),
  /** Ceiling of one model request. */
  requestTimeoutMs: z.number().int().min(1_000).max(120_000).default(20_000),
  /** Embeddings model (`/embeddings`) for knowledge retrieval by vectors; without it retrieval is full-text search. */
  embeddingModel: z.string().trim().min(1).max(200).optional(),
});
export type AiProviderInput = z.input<typeof aiProviderInputSchema>;

// Stored: non-secret settings in `config`, the key in `secrets_enc` (secret box).
const storedConfigSchema = aiProviderInputSchema.omit({ apiKey: true });
const storedSecretsSchema = z.object({ apiKey: z.string() });

/** Creates or replaces the workspace's AI provider (the key encrypted at rest). */
export async function saveAiProvider(prisma: PrismaClient, secretBox: SecretBox, workspaceId: string, input: AiProviderInput): Promise<void> {
  const parsed = aiProviderInputSchema.safeParse(input);
  if (!parsed.success) throw new AppError('validation_failed', 'invalid AI provider settings', { details: zodIssuesToDetails(parsed.error) });
  const { apiKey, ...config } = parsed.data;
  const secretsEnc = secretBox.encryptJson({ apiKey });
  await prisma.integration.upsert({
    where: { workspaceId_kind: { workspaceId, kind: 'ai_provider' } },
    create: { workspaceId, kind: 'ai_provider', config, secretsEnc, enabled: true },
    update: { config, secretsEnc, enabled: true },
  });
}

/** The workspace's enabled AI provider with its key decrypted, or null when there is none (or it is unreadable). */
export async function loadAiProvider(
  db: PrismaClient | Prisma.TransactionClient,
  secretBox: SecretBox,
  workspaceId: string,
): Promise<ChatProviderConfig | null> {
  const row = await db.integration.findUnique({
    where: { workspaceId_kind: { workspaceId, kind: 'ai_provider' } },
    select: { config: true, secretsEnc: true, enabled: true },
  });
  if (!row?.enabled || !row.secretsEnc) return null;
  const config = storedConfigSchema.safeParse(row.config);
  if (!config.success) return null;
  let secrets;
  try {
    secrets = storedSecretsSchema.safeParse(secretBox.decryptJson(row.secretsEnc));
  } catch {
    return null;
  }
  if (!secrets.success) return null;
  return {
    baseUrl: config.data.baseUrl,
    apiKey: secrets.data.apiKey,
    model: config.data.model,
    requestTimeoutMs: config.data.requestTimeoutMs,
    ...(config.data.embeddingModel ? { embeddingModel: config.data.embeddingModel } : {}),
  };
}

/** What the dashboard shows of a provider: never the key, only whether one is stored. */
export const aiProviderViewSchema = z.object({
  configured: z.boolean(),
  enabled: z.boolean(),
  baseUrl: z.string().nullable(),
  model: z.string().nullable(),
  requestTimeoutMs: z.number().int().nullable(),
  embeddingModel: z.string().nullable(),
  hasApiKey: z.boolean(),
});
export type AiProviderView = z.infer<typeof aiProviderViewSchema>;

/** The workspace's provider settings for display (the key stays write-only). */
export async function getAiProviderView(prisma: PrismaClient, workspaceId: string): Promise<AiProviderView> {
  const row = await prisma.integration.findUnique({
    where: { workspaceId_kind: { workspaceId, kind: 'ai_provider' } },
    select: { config: true, secretsEnc: true, enabled: true },
  });
  const config = storedConfigSchema.safeParse(row?.config);
  return {
    configured: row !== null,
    enabled: row?.enabled ?? false,
    baseUrl: config.success ? config.data.baseUrl : null,
    model: config.success ? config.data.model : null,
    requestTimeoutMs: config.success ? config.data.requestTimeoutMs : null,
    embeddingModel: config.success ? (config.data.embeddingModel ?? null) : null,
    hasApiKey: Boolean(row?.secretsEnc),
  };
}
