import { z } from 'zod';
import { botFieldsSchema } from './bot-fields.schema';

/** Any subset of the fields; the others stay as they are. */
export const updateBotInput = botFieldsSchema.partial().extend({ workspaceId: z.uuid().optional(), botId: z.uuid() });
export const updateBotOutput = z.object({ id: z.string() });
