import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { faultProfileSchema } from '../faults/fault-profile';
import { sendControlError, sendJson } from '../http/respond';
import { numberInputSchema, publicNumber, toSandboxNumber } from '../state/number-config';
import type { SandboxServices } from '../services';
import { simulateInbound } from '../webhooks/simulate-inbound';
import { verifySubscription } from '../webhooks/verify-subscription';
import { readControlBody } from './control-request';
import { inboundInputSchema } from './inbound-schema';

const readInputSchema = z.strictObject({ wamids: z.array(z.string()).optional() });

/** `PUT /_sandbox/numbers/{id}`: idempotent upsert; a new or changed webhook must pass Meta's verification handshake. */
export async function putNumber(services: SandboxServices, req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
  const input = await readControlBody(req, res, numberInputSchema);
  if (input === null) return;
  if (input.webhook_url && input.verify_token === undefined) {
    return sendControlError(res, 422, 'validation_failed', 'verify_token is required when webhook_url is set (Meta verifies the callback with it)');
  }
  const existing = services.state.numbers.get(id);
  const next = toSandboxNumber(id, input);
  const webhookChanged = next.webhook_url !== null && (existing?.webhook_url !== next.webhook_url || existing.verify_token !== next.verify_token);
  if (webhookChanged) {
    const handshake = await verifySubscription(next.webhook_url!, next.verify_token!, services.config.webhookTimeoutMs);
    if (!handshake.ok) {
      return sendControlError(res, 400, 'webhook_verification_failed', `The callback URL could not be verified: ${handshake.reason}`, {
        webhook_url: next.webhook_url,
        status_code: handshake.status_code,
      });
    }
  }
  services.state.numbers.set(id, next);
  sendJson(res, existing === undefined ? 201 : 200, publicNumber(next));
}

/** `PUT /_sandbox/numbers/{id}/faults`: replaces the number's fault profile (omitted fields off). */
export async function putFaults(services: SandboxServices, req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
  const input = await readControlBody(req, res, faultProfileSchema);
  if (input === null) return;
  const { seed, ...profile } = input;
  services.state.setFaults(id, profile, seed);
  sendJson(res, 200, profile);
}

/** `POST /_sandbox/numbers/{id}/inbound`: a simulated user sends a message to the number. */
export async function postInbound(services: SandboxServices, req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
  const number = services.state.numbers.get(id);
  if (number === undefined) return sendControlError(res, 404, 'number_not_found', `no number ${id} is registered`);
  const input = await readControlBody(req, res, inboundInputSchema);
  if (input === null) return;
  const result = await simulateInbound(services, number, input);
  if (!result.ok) return sendControlError(res, result.status, result.code, result.message);
  sendJson(res, 200, { wamid: result.wamid, message: result.message, delivery: result.delivery });
}

/** `GET /_sandbox/numbers/{id}/conversations/{wa_id}`: both directions with statuses, plus the window state. */
export function getConversation(services: SandboxServices, res: ServerResponse, id: string, waId: string): void {
  const { state } = services;
  const closesAt = state.windows.closesAt(id, waId);
  sendJson(res, 200, {
    phone_number_id: id,
    wa_id: waId,
    user: state.users.getOrDefault(waId),
    service_window: {
      open: state.windows.isOpen(id, waId, state.clock.now()),
      closes_at: closesAt === null ? null : new Date(closesAt).toISOString(),
    },
    messages: state.conversations.list(id, waId),
  });
}

/** `POST /_sandbox/numbers/{id}/conversations/{wa_id}/read`: the user opens business messages (all unread, or the listed ones). */
export async function postRead(services: SandboxServices, req: IncomingMessage, res: ServerResponse, id: string, waId: string): Promise<void> {
  const input = await readControlBody(req, res, readInputSchema);
  if (input === null) return;
  const wanted = input.wamids === undefined ? null : new Set(input.wamids);
  const marked: string[] = [];
  for (const message of services.state.conversations.list(id, waId)) {
    if (message.direction !== 'out' || (wanted !== null && !wanted.has(message.wamid))) continue;
    if (services.statuses.markRead(message.wamid)) marked.push(message.wamid);
  }
  sendJson(res, 200, { marked });
}
