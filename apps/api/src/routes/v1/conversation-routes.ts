import {
  conversationIdParamsSchema,
  conversationOwnerChangeSchema,
  conversationOwnerResultSchema,
  conversationViewSchema,
  getConversation,
  setConversationOwner,
} from '@switchboard/core';
import type { PrismaClient } from '@switchboard/db';
import { defineRoute, type ApiRoute } from './api-route';

// The body is optional: `POST …/handoff` with no body is a handoff without a reason.
const ownerChangeBody = conversationOwnerChangeSchema.optional();

/** `/api/v1/conversations/:id`: read one, hand it to a person, give it back to the bot. */
export function conversationRoutes(deps: { prisma: PrismaClient }): ApiRoute[] {
  const ownerRoute = (owner: 'human' | 'bot') =>
    defineRoute({
      method: 'POST',
      url: `/api/v1/conversations/:id/${owner === 'human' ? 'handoff' : 'resume'}`,
      operationId: owner === 'human' ? 'handoffConversation' : 'resumeConversation',
      summary: owner === 'human' ? 'Hand a conversation to a person' : 'Give a conversation back to the bot',
      description:
        owner === 'human'
          ? 'The bot stops answering this conversation until it is resumed. Sends conversation.handoff to webhook endpoints once; a conversation a person already owns is left as it is (changed: false).'
          : 'The bot answers again: the next inbound message starts a new flow session. Sends conversation.resumed to webhook endpoints once; a conversation the bot already owns is left as it is (changed: false).',
      tag: 'Conversations',
      scopes: ['conversations:write'],
      params: conversationIdParamsSchema,
      body: ownerChangeBody,
      responses: { 200: { description: 'The conversation after the change', schema: conversationOwnerResultSchema } },
      errors: ['validation_failed', 'not_found'],
      handle: async ({ request, principal, params, body }) => ({
        status: 200,
        body: await setConversationOwner(deps.prisma, {
          workspaceId: principal.workspaceId,
          conversationId: params.id,
          owner,
          actor: { type: 'api_key', id: principal.apiKeyId },
          change: body ?? {},
          traceId: request.id,
        }),
      }),
    });
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/conversations/:id',
      operationId: 'getConversation',
      summary: 'Get a conversation',
      description: 'Its owner (bot or human), the 24 h window and the contact.',
      tag: 'Conversations',
      scopes: ['messages:read'],
      params: conversationIdParamsSchema,
      responses: { 200: { description: 'The conversation', schema: conversationViewSchema } },
      errors: ['validation_failed', 'not_found'],
      handle: async ({ principal, params }) => ({ status: 200, body: await getConversation(deps.prisma, principal.workspaceId, params.id) }),
    }),
    ownerRoute('human'),
    ownerRoute('bot'),
  ];
}
