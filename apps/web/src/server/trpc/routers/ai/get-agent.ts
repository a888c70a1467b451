import { getBotAgentSettings } from '@switchboard/core';
import { workspaceProcedure } from '../../init';
import { getAgentSettingsInput, getAgentSettingsOutput } from './agent.schema';

/** A bot's agent settings for the agent editor (and why stored ones no longer validate). */
export const getAgentSettings = workspaceProcedure
  .input(getAgentSettingsInput)
  .output(getAgentSettingsOutput)
  .query(({ ctx, input }) => getBotAgentSettings(ctx.prisma, ctx.workspace.id, input.botId));
