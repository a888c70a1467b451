import { z } from 'zod';
import { flowRefInput, flowVersionSchema } from './flow-views.schema';

export const listFlowVersionsInput = flowRefInput;
export const listFlowVersionsOutput = z.array(flowVersionSchema);
