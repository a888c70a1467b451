import { markReadRequestSchema } from '@switchboard/whatsapp';
import type { SandboxNumber } from '../state/number-config';
import type { SandboxServices } from '../services';
import { graphErrors, type GraphError } from './graph-error';

/** How long WhatsApp shows a typing indicator unless the business replies first. */
const TYPING_INDICATOR_MS = 25_000;

/**
 * `{status:"read", message_id, typing_indicator?}`: marks the user's message and every earlier one
 * in that conversation read (the user sees blue ticks) and optionally shows "typing…".
 */
export function markRead(services: SandboxServices, number: SandboxNumber, body: unknown): { success: true } | GraphError {
  const parsed = markReadRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.map(String).join('.') ?? '';
    return graphErrors.invalidParameter(`${path === '' ? '' : `${path}: `}${issue?.message ?? 'invalid read receipt'}`);
  }
  const { state } = services;
  const found = state.conversations.find(parsed.data.message_id);
  if (found === undefined || found.phone_number_id !== number.phone_number_id || found.message.direction !== 'in') {
    return graphErrors.invalidParameter(`message_id: no message ${parsed.data.message_id} was received by this phone number.`);
  }
  for (const message of state.conversations.list(found.phone_number_id, found.wa_id)) {
    if (message.direction === 'in' && message.timestamp <= found.message.timestamp) state.conversations.setStatus(message.wamid, 'read');
  }
  if (parsed.data.typing_indicator !== undefined) {
    state.conversations.emit({
      kind: 'typing',
      phone_number_id: number.phone_number_id,
      wa_id: found.wa_id,
      until: state.clock.now() + TYPING_INDICATOR_MS,
    });
  }
  return { success: true };
}
