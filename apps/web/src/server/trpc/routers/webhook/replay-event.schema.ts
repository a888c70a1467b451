import { replayResultSchema } from '@switchboard/core';
import { z } from 'zod';

export const replayWebhookEventInput = z.object({ workspaceId: z.uuid().optional(), eventId: z.uuid() });
export const replayWebhookEventOutput = replayResultSchema;
