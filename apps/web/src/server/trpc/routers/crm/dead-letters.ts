import { listCrmDeadLetters } from '@switchboard/core';
import { workspaceProcedure } from '../../init';
import { crmDeadLettersInput, crmDeadLettersOutput } from './dead-letters.schema';

/** What could not be synced to the CRM and why, newest first (unresolved unless asked). */
export const crmDeadLetters = workspaceProcedure
  .input(crmDeadLettersInput)
  .output(crmDeadLettersOutput)
  .query(({ ctx, input }) => listCrmDeadLetters(ctx.prisma, ctx.workspace.id, { includeResolved: input?.includeResolved ?? false }));
