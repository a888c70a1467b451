import { getMessage as get } from '@switchboard/core';
import { getSecretBox } from '../../../secret-box';
import { workspaceProcedure } from '../../init';
import { getMessageInput, getMessageOutput } from './message.schema';

/** One message with its status timeline (every transition, Meta's error meaning, the trace id). */
export const getMessage = workspaceProcedure
  .input(getMessageInput)
  .output(getMessageOutput)
  .query(({ ctx, input }) => get({ prisma: ctx.prisma, secretBox: getSecretBox() }, ctx.workspace.id, input.id));
