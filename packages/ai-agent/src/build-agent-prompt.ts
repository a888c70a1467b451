import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { AgentMemory } from './agent-memory';
import type { AgentSettings } from './agent-settings';

/** An image the user sent, for vision-capable models (memory keeps only the text). */
export interface AgentImage {
  mimeType: string;
  base64: string;
}

/** What the agent knows about the conversation besides its memory. */
export interface AgentContext {
  /** The contact's name and saved fields, if any. */
  contact?: { name?: string | null; fields?: Record<string, unknown> };
  /** Knowledge snippets retrieved for this message, best first. */
  knowledge?: { title: string; text: string }[];
}

/**
 * The messages for one turn: the bot's system prompt with the context
 * (contact, variables, knowledge, the summary of older turns), the turns kept
 * verbatim, then the new user message.
 */
export function buildAgentPrompt(
  settings: AgentSettings,
  memory: AgentMemory,
  userMessage: string,
  context: AgentContext = {},
  images: AgentImage[] = [],
): ChatCompletionMessageParam[] {
  const sections = [settings.systemPrompt.trim()];
  const contact = context.contact;
  if (contact && (contact.name || Object.keys(contact.fields ?? {}).length > 0)) {
    const fields = Object.entries(contact.fields ?? {}).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
    sections.push(['About the user:', ...(contact.name ? [`name: ${contact.name}`] : []), ...fields].join('\n'));
  }
  if (Object.keys(memory.variables).length > 0) {
    sections.push(['Variables saved in this conversation:', ...Object.entries(memory.variables).map(([k, v]) => `${k}: ${JSON.stringify(v)}`)].join('\n'));
  }
  if (context.knowledge && context.knowledge.length > 0) {
    sections.push(
      [
        'Knowledge you may use to answer (quote it faithfully; say so when it does not cover the question):',
        ...context.knowledge.map((k, i) => `[${i + 1}] ${k.title}\n${k.text}`),
      ].join('\n\n'),
    );
  }
  if (memory.summary.trim() !== '') sections.push(`Summary of the earlier conversation:\n${memory.summary.trim()}`);
  const messages: ChatCompletionMessageParam[] = [{ role: 'system', content: sections.join('\n\n') }];
  for (const turn of memory.turns) {
    messages.push({ role: 'user', content: turn.user }, { role: 'assistant', content: turn.assistant });
  }
  if (images.length === 0) {
    messages.push({ role: 'user', content: userMessage });
  } else {
    messages.push({
      role: 'user',
      content: [
        { type: 'text', text: userMessage },
        ...images.map((image) => ({ type: 'image_url' as const, image_url: { url: `data:${image.mimeType};base64,${image.base64}` } })),
      ],
    });
  }
  return messages;
}
