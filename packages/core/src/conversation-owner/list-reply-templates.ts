import type { PrismaClient, SecretBox } from '@switchboard/db';
import { createWhatsAppClient, GraphApiError, type MessageTemplate } from '@switchboard/whatsapp';
import { AppError } from '../app-error';
import type { ReplyTemplateList } from './agent-reply-schemas';
import { toReplyTemplate } from './to-reply-template';

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
