import { z } from 'zod';
import { botFieldsSchema } from './bot-fields.schema';

export const createBotInput = botFieldsSchema.extend({ workspaceId: z.uuid().optional() });
export const createBotOutput = z.object({ id: z.string() });
