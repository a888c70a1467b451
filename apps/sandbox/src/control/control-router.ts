import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { AdjustableClock } from '../clock';
import { sendControlError, sendJson } from '../http/respond';
import { publicNumber } from '../state/number-config';
import { userInputSchema } from '../state/user-registry';
import type { SandboxServices } from '../services';
import { readControlBody } from './control-request';
import { getLedger, resetLedger } from './ledger-routes';
import { getConversation, postInbound, postRead, putFaults, putNumber } from './numbers-routes';
import { openEventStream, type SseClients } from './sse';

const PREFIX = '/_sandbox/';
const idPattern = /^[0-9]{1,30}$/;
const clockInputSchema = z.strictObject({ advance_ms: z.number().int().min(0).max(400 * 24 * 3600 * 1000) });

/** Answers `/_sandbox/*` (the control API); false when the path is not under it. */
export async function handleControlRequest(
  services: SandboxServices,
  clients: SseClients,
  clock: AdjustableClock | null,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<boolean> {
  if (!url.pathname.startsWith(PREFIX)) return false;
  const segments = url.pathname.slice(PREFIX.length).split('/').filter(Boolean).map(decodeURIComponent);
  const method = req.method ?? 'GET';
  const [resource, id, sub, subId, action] = segments;
  const { state } = services;

  if (resource === 'numbers') {
    if (id === undefined && method === 'GET') {
      sendJson(res, 200, { data: [...state.numbers.values()].map(publicNumber) });
      return true;
    }
    if (id !== undefined && !idPattern.test(id)) {
      sendControlError(res, 400, 'invalid_id', 'phone_number_id must be digits');
      return true;
    }
    if (id !== undefined && sub === undefined) {
      if (method === 'PUT') await putNumber(services, req, res, id);
      else if (method === 'GET') {
        const number = state.numbers.get(id);
        if (number === undefined) sendControlError(res, 404, 'number_not_found', `no number ${id} is registered`);
        else sendJson(res, 200, publicNumber(number));
      } else if (method === 'DELETE') {
        state.numbers.delete(id);
        res.writeHead(204).end();
      } else methodNotAllowed(res);
      return true;
    }
    if (id !== undefined && sub === 'faults' && subId === undefined) {
      if (method === 'PUT') await putFaults(services, req, res, id);
      else if (method === 'GET') sendJson(res, 200, state.faultsFor(id));
      else methodNotAllowed(res);
      return true;
    }
    if (id !== undefined && sub === 'inbound' && subId === undefined && method === 'POST') {
      await postInbound(services, req, res, id);
      return true;
    }
    if (id !== undefined && sub === 'conversations' && subId !== undefined) {
      if (action === undefined && method === 'GET') getConversation(services, res, id, subId);
      else if (action === 'read' && method === 'POST') await postRead(services, req, res, id, subId);
      else methodNotAllowed(res);
      return true;
    }
  }

  if (resource === 'users') {
    if (id === undefined && method === 'GET') sendJson(res, 200, { data: state.users.list() });
    else if (id !== undefined && sub === undefined && method === 'PUT') {
      if (!/^[0-9]{5,20}$/.test(id)) sendControlError(res, 400, 'invalid_id', 'wa_id must be 5–20 digits');
      else {
        const input = await readControlBody(req, res, userInputSchema);
        if (input !== null) sendJson(res, 200, state.users.upsert(id, input));
      }
    } else if (id !== undefined && sub === undefined && method === 'GET') {
      const user = state.users.get(id);
      if (user === undefined) sendControlError(res, 404, 'user_not_found', `no simulated user ${id}`);
      else sendJson(res, 200, user);
    } else methodNotAllowed(res);
    return true;
  }

  if (resource === 'ledger' && id === undefined) {
    if (method === 'GET') getLedger(services, res, url);
    else if (method === 'DELETE') resetLedger(services, res);
    else methodNotAllowed(res);
    return true;
  }

  if (resource === 'events' && id === undefined && method === 'GET') {
    openEventStream(services, clients, req, res, url);
    return true;
  }

  if (resource === 'stats' && id === undefined && method === 'GET') {
    sendJson(res, 200, {
      ledger_entries: state.ledger.size(),
      ledger_evicted: state.ledger.evictedCount(),
      webhooks: services.sender.stats,
      statuses: services.statuses.stats,
    });
    return true;
  }

  if (resource === 'clock' && id === undefined) {
    if (method === 'GET') sendJson(res, 200, { now: new Date(state.clock.now()).toISOString(), now_ms: state.clock.now(), offset_ms: clock?.offsetMs() ?? 0 });
    else if (method === 'POST') {
      if (clock === null) sendControlError(res, 409, 'clock_not_adjustable', 'this sandbox was started with a fixed clock');
      else {
        const input = await readControlBody(req, res, clockInputSchema);
        if (input !== null) {
          clock.advance(input.advance_ms);
          sendJson(res, 200, { now: new Date(state.clock.now()).toISOString(), now_ms: state.clock.now(), offset_ms: clock.offsetMs() });
        }
      }
    } else methodNotAllowed(res);
    return true;
  }

  if (resource === 'media' && id !== undefined && sub === undefined && method === 'GET') {
    // Unauthenticated on purpose: the phone page shows the user's own media without a business token.
    const item = state.media.get(id);
    if (item === undefined) sendControlError(res, 404, 'media_not_found', `no media ${id}`);
    else {
      res.writeHead(200, { 'content-type': item.mime_type, 'content-length': item.bytes.length, 'cache-control': 'private, max-age=300' });
      res.end(item.bytes);
    }
    return true;
  }

  sendControlError(res, 404, 'not_found', `no control route ${method} ${url.pathname}`);
  return true;
}

function methodNotAllowed(res: ServerResponse): void {
  sendControlError(res, 405, 'method_not_allowed', 'method not allowed on this route');
}
