import { listReplyTemplates } from '@switchboard/core';
import { getEnv } from '../../../../env';
import { getSecretBox } from '../../../secret-box';
import { workspaceProcedure } from '../../init';
import { conversationTemplatesInput, conversationTemplatesOutput } from './templates.schema';

/** The approved templates of the conversation's channel for the composer's picker; an empty list with `error` when Meta fails. */
export const conversationTemplates = workspaceProcedure
  .input(conversationTemplatesInput)
  .output(conversationTemplatesOutput)
  .query(({ ctx, input }) => {
    const env = getEnv();
    return listReplyTemplates(
      { prisma: ctx.prisma, secretBox: getSecretBox(), graph: { baseUrl: env.WHATSAPP_GRAPH_URL, apiVersion: env.WHATSAPP_GRAPH_VERSION } },
      ctx.workspace.id,
      input.id,
    );
  });
