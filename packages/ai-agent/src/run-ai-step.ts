import type { ChatModel, TokenUsage } from './chat-model';
import { compileJsonSchema, type JsonSchemaObject } from './json-schema';
import { ModelCallError } from './model-call-error';

/** The flow engine's `ai` effect, as far as the executor needs it. */
export interface AiStepRequest {
  instructions: string;
  prompt: string;
  model?: string;
  /** When set, the output is JSON validated against this schema. */
  outputSchema?: JsonSchemaObject;
  temperature?: number;
  maxOutputTokens?: number;
  timeBudgetMs: number;
  /** Knowledge snippets for the prompt. */
  knowledge?: { title: string; text: string }[];
}

/** `output` (text, or the validated JSON value) or `error`; usage either way. */
export interface AiStepResult {
  output?: unknown;
  error?: string;
  usage: TokenUsage;
  model: string;
}

/**
 * Runs a flow's AI step: one model call (retried within the time budget) with
 * the step's instructions as the system prompt. With an output schema the
 * model is asked for JSON (`response_format: json_schema`) and its answer must
 * parse and validate, else the step fails with the problems listed.
 */
export async function runAiStep(model: ChatModel, request: AiStepRequest, now: () => number = Date.now): Promise<AiStepResult> {
  const name = request.model ?? model.defaultModel;
  let check: ReturnType<typeof compileJsonSchema> | undefined;
  if (request.outputSchema) {
    try {
      check = compileJsonSchema(request.outputSchema);
    } catch (error) {
      return { error: (error as Error).message, usage: { inputTokens: 0, outputTokens: 0 }, model: name };
    }
  }
  const knowledge = request.knowledge?.length
    ? `\n\nKnowledge you may use:\n\n${request.knowledge.map((k, i) => `[${i + 1}] ${k.title}\n${k.text}`).join('\n\n')}`
    : '';
  const jsonNote = request.outputSchema ? `\n\nAnswer only with JSON matching this schema:\n${JSON.stringify(request.outputSchema)}` : '';
  try {
    const result = await model.complete(
      {
        messages: [
          { role: 'system', content: `${request.instructions}${knowledge}${jsonNote}` },
          { role: 'user', content: request.prompt.trim() === '' ? '(no input)' : request.prompt },
        ],
        ...(request.model ? { model: request.model } : {}),
        ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
        ...(request.maxOutputTokens === undefined ? {} : { maxOutputTokens: request.maxOutputTokens }),
        ...(request.outputSchema ? { jsonSchema: { name: 'output', schema: request.outputSchema } } : {}),
      },
      { deadlineMs: now() + request.timeBudgetMs },
    );
    const text = (result.message.content ?? '').trim();
    const base = { usage: result.usage, model: result.model };
    if (!check) return text === '' ? { ...base, error: 'the model answered with no text' } : { ...base, output: text };
    let value: unknown;
    try {
      // Some servers wrap JSON in a Markdown fence even when asked for JSON.
      value = JSON.parse(text.replace(/^```(?:json)?\s*/i, '').replace(/\s*```$/, ''));
    } catch {
      return { ...base, error: 'the model did not answer with JSON' };
    }
    const checked = check(value);
    return checked.ok ? { ...base, output: checked.value } : { ...base, error: `the output does not match the schema: ${checked.problems.join('; ').slice(0, 500)}` };
  } catch (error) {
    const message = error instanceof ModelCallError ? `${error.kind}: ${error.message}` : (error as Error).message;
    return { error: message, usage: { inputTokens: 0, outputTokens: 0 }, model: name };
  }
}
