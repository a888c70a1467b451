import { setConversationOwner as setOwner } from '@switchboard/core';
import { roleProcedure } from '../../init';
import { setConversationOwnerInput, setConversationOwnerOutput } from './set-owner.schema';

/** Take over (owner human: the bot stops) or hand back (owner bot); agents and above. Emits the customer event once. */
export const setConversationOwner = roleProcedure('agent')
  .input(setConversationOwnerInput)
  .output(setConversationOwnerOutput)
  .mutation(({ ctx, input }) =>
    setOwner(ctx.prisma, {
      workspaceId: ctx.workspace.id,
      conversationId: input.id,
      owner: input.owner,
      actor: { type: 'user', id: ctx.session.userId },
      change: input.change,
    }),
  );
