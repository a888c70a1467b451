export { createSandbox, type CreateSandboxOptions, type Sandbox } from './create-sandbox';
export { createAdjustableClock, createManualClock, type AdjustableClock, type Clock } from './clock';
export { createSeededRandom, type Random } from './random';
export { faultProfileSchema, type FaultProfile } from './faults/fault-profile';
export { numberInputSchema, type NumberInput, type SandboxNumber } from './state/number-config';
export { inboundInputSchema, type InboundInput } from './control/inbound-schema';
export { defaultUsers, type SimulatedUser } from './state/user-registry';
export type { LedgerEntry } from './state/ledger';
export type { ConversationMessage, SandboxEvent } from './state/conversation-store';
