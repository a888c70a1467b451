// Public API of the flow engine: the versioned document, block registry, pure step(), and linter.
export { blockTypes } from './block-type';
export type { BlockType } from './block-type';
export { blockDefinitions, definitionOf } from './blocks/block-definitions';
export type { BlockDefinition, BlockFinding, BlockOutcome, BlockResult, HandleSpec, RunContext, ResumeContext } from './blocks/block-definition';
export { conditionOperators } from './blocks/condition-operators';
export type { ConditionOperator } from './blocks/condition-operators';
export { askInputSchema, validateAnswer } from './blocks/ask-validation';
export { templateRefSchema } from './blocks/free-form';
export type { TemplateRef } from './blocks/free-form';
export { httpMaxResponseBytes } from './blocks/http';
export { triggerMatches } from './blocks/trigger';
export { waitDurationMs } from './blocks/wait';
export {
  flowEdgeSchema,
  flowNodeSchema,
  flowTriggersSchema,
  flowV1Schema,
  flowVariableSchema,
  variableTypes,
} from './document/flow-v1';
export type { FlowEdge, FlowNode, FlowNodeOf, FlowV1, FlowVariable } from './document/flow-v1';
export { FlowDocumentError, flowDocumentSchema, latestFlowVersion, migrateFlow, safeMigrateFlow } from './document/migrate-flow';
export type { FlowDocument, FlowDocumentIssue } from './document/migrate-flow';
export { evaluate, evaluateExpression } from './expression/evaluate-expression';
export { ExpressionError, expressionLimits } from './expression/expression-error';
export { expressionFunctionNames } from './expression/expression-functions';
export { expressionVariables, parseExpression } from './expression/parse-expression';
export type { ExpressionNode, Scalar } from './expression/parse-expression';
export { jsonValueSchema, variableNameSchema } from './json-value';
export type { JsonValue, Variables } from './json-value';
export { charLength, whatsappLimits } from './limits';
export { lintFlow, lintFlowDocument } from './lint/lint-flow';
export type { LintFinding } from './lint/lint-finding';
export { flowEffectSchema } from './runtime/flow-effect';
export type { FlowEffect, FlowEffectOf } from './runtime/flow-effect';
export { flowEventSchema, messageContentSchema } from './runtime/flow-event';
export type { FlowEvent, MessageContent } from './runtime/flow-event';
export { interpolate, referencedVariables } from './runtime/interpolate';
export { outgoingMessageSchema, templateMessageSchema } from './runtime/outgoing-message';
export type { OutgoingMessage, TemplateMessage } from './runtime/outgoing-message';
export { sessionSchema, waitingForSchema } from './runtime/session';
export type { Session, WaitingFor } from './runtime/session';
export { step, StepInputError } from './runtime/step';
export type { StepResult } from './runtime/step';
export { defaultStepLimits, stepContextSchema } from './runtime/step-context';
export type { StepContext } from './runtime/step-context';
export { transcriptBotLines, transcriptSchema, transcriptUserContent } from './transcript/transcript';
export type { Transcript, TranscriptBotLine } from './transcript/transcript';
