import type { PrismaClient, SecretBox } from '@switchboard/db';
import { createWhatsAppClient, GraphApiError, templatePlaceholders, type MessageTemplate } from '@switchboard/whatsapp';
import { AppError } from '../app-error';
import type { ReplyTemplate, ReplyTemplateList } from './agent-reply-schemas';

export interface ListReplyTemplatesDeps {
  prisma: PrismaClient;
  secretBox: SecretBox;
  /** The Graph API to ask (Meta, or the sandbox), as the worker sends through. */
  graph: { baseUrl: string; apiVersion: string; timeoutMs?: number; fetch?: typeof fetch };
}

// A business has at most a few hundred templates; 10 pages of 100 is every one of them.
const PAGE_SIZE = 100;
const MAX_PAGES = 10;

/**
 * The approved templates of a conversation's channel (its WhatsApp Business Account), for the
 * inbox's template picker. Fails soft: when Meta refuses or cannot be reached the list is empty and
 * `error` says why, so the rest of the inbox keeps working.
 */
export async function listReplyTemplates(deps: ListReplyTemplatesDeps, workspaceId: string, conversationId: string): Promise<ReplyTemplateList> {
  const conversation = await deps.prisma.conversation.findFirst({
    where: { id: conversationId, workspaceId },
    select: { channel: { select: { wabaId: true, phoneNumberId: true, accessTokenEnc: true } } },
  });
  if (!conversation) throw new AppError('not_found', 'No conversation with this id in this workspace');
  const { channel } = conversation;
  const client = createWhatsAppClient({
    baseUrl: deps.graph.baseUrl,
    apiVersion: deps.graph.apiVersion,
    accessToken: deps.secretBox.decrypt(channel.accessTokenEnc),
    phoneNumberId: channel.phoneNumberId,
    timeoutMs: deps.graph.timeoutMs ?? 10_000,
    ...(deps.graph.fetch ? { fetch: deps.graph.fetch } : {}),
  });
  const approved: MessageTemplate[] = [];
  try {
    let after: string | undefined;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const result = await client.listMessageTemplates(channel.wabaId, { limit: PAGE_SIZE, ...(after === undefined ? {} : { after }) });
      approved.push(...result.data.filter((t) => t.status === 'APPROVED'));
      after = result.after;
      if (after === undefined) break;
    }
  } catch (error) {
    if (error instanceof GraphApiError) {
      return { templates: [], error: `Meta refused to list this number's templates: ${error.message}${error.code === undefined ? '' : ` (code ${error.code})`}` };
    }
    return { templates: [], error: `The Cloud API could not be reached to list templates (${error instanceof Error ? error.message : String(error)}); try again shortly.` };
  }
  const templates = approved.map(toReplyTemplate);
  templates.sort((a, b) => a.name.localeCompare(b.name) || a.language.localeCompare(b.language));
  return { templates, error: null };
}

function toReplyTemplate(template: MessageTemplate): ReplyTemplate {
  const component = (type: string) => template.components.find((c) => c.type.toUpperCase() === type);
  const header = component('HEADER');
  const body = component('BODY');
  const buttons = component('BUTTONS')?.buttons ?? [];
  const keys = templatePlaceholders(body?.text);
  const examples = bodyExamples(body?.example, keys);
  return {
    name: template.name,
    language: template.language,
    category: template.category,
    header: header?.format === undefined || header.format.toUpperCase() === 'TEXT' ? (header?.text ?? null) : `[${header.format.toLowerCase()}]`,
    body: body?.text ?? '',
    footer: component('FOOTER')?.text ?? null,
    buttons: buttons.map((b) => b.text ?? b.type),
    // Named parameters are words ({{first_name}}), positional ones numbers ({{1}}).
    parameter_format: keys.some((k) => !/^\d+$/.test(k)) ? 'named' : 'positional',
    parameters: keys.map((key, i) => ({ key, example: examples[i] ?? null })),
    unsupported: unsupportedReason(template, header, buttons),
  };
}

/** Meta's example values: `body_text: [[...]]` (positional) or `body_text_named_params: [{param_name, example}]`. */
function bodyExamples(example: unknown, keys: string[]): (string | null)[] {
  const value = (example ?? {}) as { body_text?: unknown; body_text_named_params?: unknown };
  if (Array.isArray(value.body_text) && Array.isArray(value.body_text[0])) return (value.body_text[0] as unknown[]).map((v) => (typeof v === 'string' ? v : null));
  if (Array.isArray(value.body_text_named_params)) {
    const named = value.body_text_named_params as { param_name?: unknown; example?: unknown }[];
    return keys.map((key) => {
      const found = named.find((p) => p.param_name === key)?.example;
      return typeof found === 'string' ? found : null;
    });
  }
  return [];
}

function unsupportedReason(
  template: MessageTemplate,
  header: MessageTemplate['components'][number] | undefined,
  buttons: NonNullable<MessageTemplate['components'][number]['buttons']>,
): string | null {
  if (template.category.toUpperCase() === 'AUTHENTICATION') return 'Authentication templates are sent by your backend, not from the inbox.';
  if (header?.format !== undefined && header.format.toUpperCase() !== 'TEXT') return `Its ${header.format.toLowerCase()} header needs media: send it through the API.`;
  if (templatePlaceholders(header?.text).length > 0) return 'Its header has a variable: send it through the API.';
  if (buttons.some((b) => b.type.toUpperCase() !== 'QUICK_REPLY' && b.type.toUpperCase() !== 'PHONE_NUMBER' && !(b.type.toUpperCase() === 'URL' && !b.url?.includes('{{')))) {
    return 'Its buttons need values: send it through the API.';
  }
  return null;
}
