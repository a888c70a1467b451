import { z } from 'zod';
import { workspaceInput } from '../../init';
import { flowSummarySchema } from './flow-views.schema';

export const listFlowsInput = workspaceInput;
export const listFlowsOutput = z.array(flowSummarySchema);
