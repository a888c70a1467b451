import { createChatModel, ModelCallError, type ChatProviderConfig } from '@switchboard/ai-agent';

/** Result of the dashboard's "test connection": the model's name, or why it failed. */
export type AiProviderCheck = { ok: true; model: string; latencyMs: number } | { ok: false; error: string; status?: number };

/** Sends one tiny chat completion to the provider (15 s at most by default, retries included) to check URL, key and model. */
export async function testAiProvider(config: ChatProviderConfig, options: { budgetMs?: number } = {}): Promise<AiProviderCheck> {
  const model = createChatModel(config);
  const started = Date.now();
  try {
    const result = await model.complete(
      { messages: [{ role: 'user', content: 'Reply with the word ok.' }], maxOutputTokens: 5, temperature: 0 },
      // Retries (429/5xx) still happen within the budget, so a busy provider is not reported as broken.
      { deadlineMs: Date.now() + (options.budgetMs ?? 15_000) },
    );
    return { ok: true, model: result.model, latencyMs: Date.now() - started };
  } catch (error) {
    if (error instanceof ModelCallError) return { ok: false, error: error.message, ...(error.status === undefined ? {} : { status: error.status }) };
    return { ok: false, error: (error as Error).message };
  }
}
