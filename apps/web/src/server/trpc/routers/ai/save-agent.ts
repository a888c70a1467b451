import { saveBotAgentSettings } from '@switchboard/core';
import { roleProcedure } from '../../init';
import { saveAgentSettingsInput, saveAgentSettingsOutput } from './agent.schema';

/** Validates and stores a bot's agent settings (editors and up); invalid settings are BAD_REQUEST with the fields. */
export const saveAgentSettings = roleProcedure('editor')
  .input(saveAgentSettingsInput)
  .output(saveAgentSettingsOutput)
  .mutation(({ ctx, input }) => saveBotAgentSettings(ctx.prisma, ctx.workspace.id, input.botId, input.settings));
