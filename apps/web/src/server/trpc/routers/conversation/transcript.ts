import { getConversation, listMessages } from '@switchboard/core';
import { getSecretBox } from '../../../secret-box';
import { workspaceProcedure } from '../../init';
import { conversationTranscriptInput, conversationTranscriptOutput } from './transcript.schema';

/** One conversation with its latest messages (content decrypted, statuses and errors) for the inbox. */
export const conversationTranscript = workspaceProcedure
  .input(conversationTranscriptInput)
  .output(conversationTranscriptOutput)
  .query(async ({ ctx, input }) => {
    const conversation = await getConversation(ctx.prisma, ctx.workspace.id, input.id);
    const page = await listMessages({ prisma: ctx.prisma, secretBox: getSecretBox() }, ctx.workspace.id, { conversation_id: input.id, limit: 100 });
    return { conversation, messages: [...page.data].reverse(), has_older: page.next_cursor !== null };
  });
