import { flowDraftSchema, flowRefInput } from './flow-views.schema';

export const getFlowInput = flowRefInput;
export const getFlowOutput = flowDraftSchema;
