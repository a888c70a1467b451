import type { OutgoingMessage } from '@switchboard/whatsapp';
import type { SandboxNumber } from '../state/number-config';
import type { SandboxServices } from '../services';
import { pricingFor, type PricingCategory } from '../webhooks/conversation-pricing';
import type { AcceptedSend } from '../webhooks/status-emitter';
import { graphErrors, type GraphError } from './graph-error';
import { newWamid } from './wamid';

export type SendOutcome = { accepted: true; wamid: string; body: Record<string, unknown> } | { accepted: false; error: GraphError };

const mediaTypes = new Set(['image', 'video', 'audio', 'document', 'sticker']);

/**
 * Accepts or refuses a validated send the way Meta does: service window (131047, templates exempt),
 * number throughput (130429), pair rate (131056); an accepted send is written to the ledger and
 * the conversation, and its status webhooks are scheduled.
 */
export function acceptSend(services: SandboxServices, number: SandboxNumber, message: OutgoingMessage, rawBody: unknown): SendOutcome {
  const { state } = services;
  const now = state.clock.now();

  if (message.recipient_type === 'group') {
    return { accepted: false, error: graphErrors.invalidParameter('recipient_type: group messaging is not simulated by the sandbox.') };
  }
  let waId: string;
  let input: string;
  if (message.recipient !== undefined) {
    const byBsuid = state.users.byUserId(message.recipient);
    if (byBsuid === undefined) {
      return { accepted: false, error: graphErrors.parameterValueInvalid('recipient: no WhatsApp user has this business-scoped user id.') };
    }
    waId = byBsuid.wa_id;
    input = message.recipient;
  } else {
    input = message.to ?? '';
    waId = input.replace(/\D/g, '');
  }
  const user = state.users.getOrDefault(waId);

  const windowOpen = state.windows.isOpen(number.phone_number_id, waId, now);
  if (message.type !== 'template' && number.enforce_service_window && !windowOpen) {
    return { accepted: false, error: graphErrors.reEngagement() };
  }
  if (!state.throughput.tryAcquire(number.phone_number_id, number.throughput_mps, now)) {
    return { accepted: false, error: graphErrors.throughput() };
  }
  if (number.pair_rate !== null) {
    const pairKey = `${number.phone_number_id}:${waId}`;
    if (!state.pairRate.tryAcquire(pairKey, number.pair_rate.burst, number.pair_rate.interval_ms, now)) {
      return { accepted: false, error: graphErrors.pairRate() };
    }
  }

  const category: PricingCategory =
    message.type === 'template' ? (number.template_categories[message.template.name] ?? 'marketing') : 'service';
  const wamid = newWamid(waId, 'out');
  const biz = message.biz_opaque_callback_data;
  state.ledger.add({
    wamid,
    phone_number_id: number.phone_number_id,
    to: waId,
    type: message.type,
    body: rawBody,
    biz_opaque_callback_data: biz ?? null,
    accepted_at: now,
  });
  const content = (message as unknown as Record<string, unknown>)[message.type];
  const stored: Record<string, unknown> = { type: message.type, [message.type]: content };
  if (message.context !== undefined) stored.context = { id: message.context.message_id };
  state.conversations.add(number.phone_number_id, waId, { wamid, direction: 'out', type: message.type, message: stored, timestamp: now, status: 'accepted' });
  // Replying hides the typing indicator, as on a real phone.
  state.conversations.emit({ kind: 'typing', phone_number_id: number.phone_number_id, wa_id: waId, until: 0 });

  const send: AcceptedSend = {
    phone_number_id: number.phone_number_id,
    wamid,
    wa_id: waId,
    auto_read: user.auto_read,
    pricing: pricingFor(category, windowOpen),
    origin: category,
    conversation: state.pricing.conversationFor(number.phone_number_id, waId, category, now),
  };
  if (user.user_id !== undefined) send.user_id = user.user_id;
  if (biz !== undefined) send.biz_opaque_callback_data = biz;
  const failure = mediaFailure(services, number, message.type, content);
  if (failure !== undefined) send.failure = failure;
  services.statuses.schedule(send);
  services.metrics.sendsAccepted.inc({ type: message.type });

  const contact: Record<string, string> = message.recipient !== undefined ? { input, user_id: message.recipient } : { input, wa_id: waId };
  return {
    accepted: true,
    wamid,
    body: { messaging_product: 'whatsapp', contacts: [contact], messages: [{ id: wamid, message_status: 'accepted' }] },
  };
}

/** A media id the number cannot use fails after acceptance, as on Meta (131053), not at the request. */
function mediaFailure(services: SandboxServices, number: SandboxNumber, type: string, content: unknown): AcceptedSend['failure'] {
  if (!mediaTypes.has(type) || typeof content !== 'object' || content === null) return undefined;
  const id = (content as { id?: unknown }).id;
  if (typeof id !== 'string') return undefined;
  const item = services.state.media.get(id);
  if (item !== undefined && item.phone_number_id === number.phone_number_id) return undefined;
  return {
    code: 131053,
    title: 'Media upload error',
    message: 'Media upload error',
    details: `Media id ${id} does not exist or does not belong to this phone number.`,
  };
}
