import {
  channelIdParamsSchema,
  channelListSchema,
  channelViewSchema,
  createChannel,
  createChannelInputSchema,
  deleteChannel,
  getChannel,
  listChannels,
  updateChannel,
  updateChannelInputSchema,
  type ChannelDeps,
} from '@switchboard/core';
import { defineRoute, type ApiRoute } from './api-route';

const read = ['channels:read', 'channels:write'] as const;
const write = ['channels:write'] as const;

/** `/api/v1/channels`: connect, list, read, change and soft-delete WhatsApp numbers. Secrets are write-only. */
export function channelRoutes(deps: ChannelDeps): ApiRoute[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/channels',
      operationId: 'createChannel',
      summary: 'Connect a WhatsApp number',
      description:
        'Stores the number and its secrets (encrypted; never returned). Give Meta the returned webhook_url and your verify_token. Re-adding a number this workspace deleted restores it.',
      tag: 'Channels',
      scopes: write,
      body: createChannelInputSchema,
      responses: { 201: { description: 'The channel', schema: channelViewSchema } },
      errors: ['validation_failed', 'conflict'],
      handle: async ({ principal, body }) => ({ status: 201, body: await createChannel(deps, principal.workspaceId, body) }),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/channels',
      operationId: 'listChannels',
      summary: 'List channels',
      tag: 'Channels',
      scopes: read,
      responses: { 200: { description: 'Live channels, oldest first', schema: channelListSchema } },
      errors: [],
      handle: async ({ principal }) => ({ status: 200, body: { data: await listChannels(deps, principal.workspaceId) } }),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/channels/:id',
      operationId: 'getChannel',
      summary: 'Get a channel',
      tag: 'Channels',
      scopes: read,
      params: channelIdParamsSchema,
      responses: { 200: { description: 'The channel', schema: channelViewSchema } },
      errors: ['validation_failed', 'not_found'],
      handle: async ({ principal, params }) => ({ status: 200, body: await getChannel(deps, principal.workspaceId, params.id) }),
    }),
    defineRoute({
      method: 'PATCH',
      url: '/api/v1/channels/:id',
      operationId: 'updateChannel',
      summary: 'Change a channel',
      description: 'Any field but phone_number_id; secrets given here replace the stored ones.',
      tag: 'Channels',
      scopes: write,
      params: channelIdParamsSchema,
      body: updateChannelInputSchema,
      responses: { 200: { description: 'The changed channel', schema: channelViewSchema } },
      errors: ['validation_failed', 'not_found'],
      handle: async ({ principal, params, body }) => ({
        status: 200,
        body: await updateChannel(deps, principal.workspaceId, params.id, body),
      }),
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/v1/channels/:id',
      operationId: 'deleteChannel',
      summary: 'Delete a channel',
      description: 'Soft delete: the channel stops sending and disappears from the API; its messages are kept.',
      tag: 'Channels',
      scopes: write,
      params: channelIdParamsSchema,
      responses: { 204: { description: 'Deleted' } },
      errors: ['validation_failed', 'not_found'],
      handle: async ({ principal, params }) => {
        await deleteChannel(deps, principal.workspaceId, params.id);
        return { status: 204 };
      },
    }),
  ];
}
