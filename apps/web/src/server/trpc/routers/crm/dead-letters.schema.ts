import { crmDeadLetterViewSchema } from '@switchboard/core';
import { z } from 'zod';

export const crmDeadLettersInput = z.object({ workspaceId: z.uuid().optional(), includeResolved: z.boolean().default(false) }).optional();
export const crmDeadLettersOutput = z.array(crmDeadLetterViewSchema);
