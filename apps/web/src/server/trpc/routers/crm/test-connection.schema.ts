import { crmConnectionTestSchema } from '@switchboard/core';
import { workspaceInput } from '../../init';

export const testChatwootConnectionInput = workspaceInput;
export const testChatwootConnectionOutput = crmConnectionTestSchema;
