import type { InteractiveContent } from '@switchboard/whatsapp';

/** A message the agent wants sent, as a Cloud API type and its object. */
export type AgentMessage = { type: 'text'; text: { body: string } } | { type: 'interactive'; interactive: InteractiveContent };

/** What the runtime must do after an agent turn, in order. The agent performs no IO besides model and tool calls. */
export type AgentEffect =
  | { type: 'send'; message: AgentMessage }
  | { type: 'handoff'; reason: string }
  | { type: 'set_variable'; name: string; value: string | number | boolean | null }
  | { type: 'save_contact_field'; field: string; value: string }
  | { type: 'end'; reason: string };
