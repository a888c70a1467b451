import { listMessages as list } from '@switchboard/core';
import { getSecretBox } from '../../../secret-box';
import { workspaceProcedure } from '../../init';
import { listMessagesInput, listMessagesOutput } from './message.schema';

/** The message log: the workspace's messages newest first, filtered like GET /api/v1/messages. */
export const listMessages = workspaceProcedure
  .input(listMessagesInput)
  .output(listMessagesOutput)
  .query(({ ctx, input }) => list({ prisma: ctx.prisma, secretBox: getSecretBox() }, ctx.workspace.id, input.query));
