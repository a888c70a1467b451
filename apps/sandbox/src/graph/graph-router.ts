import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { pickAfterAcceptFault, pickLatency, pickRequestFault } from '../faults/fault-profile';
import { BodyError, parseJson, readBody } from '../http/read-body';
import type { SandboxNumber } from '../state/number-config';
import type { SandboxServices } from '../services';
import { authorizeFor, bearerToken } from './authenticate';
import { graphErrors, newFbTraceId, type GraphError } from './graph-error';
import { sendGraphError, sendGraphJson, type GraphRequestInfo } from './graph-response';
import { markRead } from './mark-read';
import { listMessageTemplates } from './message-templates';
import { MEDIA_DOWNLOAD_PATH, deleteMedia, retrieveMedia, uploadMedia } from './media-routes';
import { acceptSend } from './send-message';
import { validateSend } from './validate-send';

const versionedPath = /^\/(v\d+\.\d+)\/([^/]+)(?:\/([^/]+))?\/?$/;
const JSON_LIMIT = 4 * 1024 * 1024;
const UPLOAD_LIMIT = 110 * 1024 * 1024;

/** Answers Graph API paths (any `vNN.N` version) and media downloads; false when the path is not one. */
export async function handleGraphRequest(
  services: SandboxServices,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<boolean> {
  const isDownload = url.pathname === MEDIA_DOWNLOAD_PATH;
  const match = isDownload ? null : versionedPath.exec(url.pathname);
  if (!isDownload && match === null) return false;

  const started = process.hrtime.bigint();
  const info: GraphRequestInfo = {
    version: match?.[1] ?? 'v24.0',
    fbtraceId: newFbTraceId(),
    requestId: randomBytes(12).toString('base64url'),
  };
  const route = isDownload ? 'media_download' : routeName(req.method ?? 'GET', match?.[3]);
  res.once('finish', () => {
    services.metrics.graphRequests.inc({ route, status: String(res.statusCode) });
    services.metrics.graphLatency.observe({ route }, Number(process.hrtime.bigint() - started) / 1e9);
  });

  const owner = isDownload
    ? mediaOwner(services, url.searchParams.get('mid'))
    : ownerOf(services, match![2]!, bearerToken(req, url.searchParams));
  if (owner !== undefined && !(await applyRequestFaults(services, owner, req, res, info))) return true;

  if (isDownload) {
    downloadMedia(services, req, res, url, info);
    return true;
  }
  const [, , objectId, edge] = match!;
  await routeVersioned(services, req, res, url, info, objectId!, edge, owner);
  return true;
}

function routeName(method: string, edge: string | undefined): string {
  return edge === undefined ? `${method.toLowerCase()}_object` : `${method.toLowerCase()}_${edge}`;
}

function ownerOf(services: SandboxServices, objectId: string, token: string | null): SandboxNumber | undefined {
  return services.state.numbers.get(objectId) ?? mediaOwner(services, objectId) ?? wabaOwner(services, objectId, token);
}

/** A WhatsApp Business Account is reachable with the token of any of its numbers. */
function wabaOwner(services: SandboxServices, wabaId: string, token: string | null): SandboxNumber | undefined {
  let any: SandboxNumber | undefined;
  for (const number of services.state.numbers.values()) {
    if (number.waba_id !== wabaId) continue;
    if (number.access_token === token) return number;
    any ??= number;
  }
  return any;
}

function mediaOwner(services: SandboxServices, mediaId: string | null): SandboxNumber | undefined {
  if (mediaId === null) return undefined;
  const item = services.state.media.get(mediaId);
  return item === undefined ? undefined : services.state.numbers.get(item.phone_number_id);
}

/** Latency, then the request faults; false when the fault already dealt with the request. */
async function applyRequestFaults(
  services: SandboxServices,
  number: SandboxNumber,
  req: IncomingMessage,
  res: ServerResponse,
  info: GraphRequestInfo,
): Promise<boolean> {
  const profile = services.state.faultsFor(number.phone_number_id);
  const random = services.state.randomFor(number.phone_number_id);
  const latency = pickLatency(profile, random);
  if (latency > 0) await sleep(latency);
  const fault = pickRequestFault(profile, random);
  if (fault === 'none') return true;
  services.metrics.faultsInjected.inc({ fault });
  if (fault === 'error_500') sendGraphError(res, info, graphErrors.internal());
  else if (fault === 'error_429') sendGraphError(res, info, graphErrors.throughput(429));
  else if (fault === 'hang') hang(services, req);
  else req.socket.destroy();
  return false;
}

/** Leaves the request unanswered until the client gives up (or the sandbox closes). */
function hang(services: SandboxServices, req: IncomingMessage): void {
  const socket = req.socket;
  services.hangingSockets.add(socket);
  socket.once('close', () => services.hangingSockets.delete(socket));
  req.resume();
}

async function routeVersioned(
  services: SandboxServices,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  info: GraphRequestInfo,
  objectId: string,
  edge: string | undefined,
  owner: SandboxNumber | undefined,
): Promise<void> {
  const method = req.method ?? 'GET';
  const token = bearerToken(req, url.searchParams);
  const fail = (error: GraphError) => {
    if (error.code !== 104 && error.code !== 190) services.metrics.sendsRejected.inc({ code: String(error.code) });
    sendGraphError(res, info, error);
  };

  const number = services.state.numbers.get(objectId);
  const media = number === undefined ? services.state.media.get(objectId) : undefined;
  const authError = authorizeFor(services.state, token, owner, method, objectId);
  if (authError !== null) return fail(authError);

  // The optional ?phone_number_id= scopes media reads/deletes to one number.
  const scope = url.searchParams.get('phone_number_id');
  if (media !== undefined && scope !== null && scope !== media.phone_number_id) return fail(graphErrors.objectNotFound(method, objectId));

  let raw: Buffer;
  try {
    raw = await readBody(req, edge === 'media' ? UPLOAD_LIMIT : JSON_LIMIT);
  } catch (error) {
    return fail(graphErrors.invalidParameter(error instanceof BodyError ? error.message : 'Could not read the request body.'));
  }

  if (number !== undefined && edge === 'messages' && method === 'POST') {
    let body: unknown;
    try {
      body = parseJson(raw);
    } catch {
      return fail(graphErrors.invalidParameter('The request body is not valid JSON.'));
    }
    if (typeof body === 'object' && body !== null && (body as { status?: unknown }).status === 'read') {
      const result = markRead(services, number, body);
      return 'success' in result ? sendGraphJson(res, info, 200, result) : fail(result);
    }
    const validation = validateSend(body);
    if (!validation.ok) return fail(validation.error);
    const outcome = acceptSend(services, number, validation.message, body);
    if (!outcome.accepted) return fail(outcome.error);
    const after = pickAfterAcceptFault(services.state.faultsFor(number.phone_number_id), services.state.randomFor(number.phone_number_id));
    if (after !== 'none') {
      services.metrics.faultsInjected.inc({ fault: `${after}_after_accept` });
      return after === 'hang' ? hang(services, req) : void req.socket.destroy();
    }
    return sendGraphJson(res, info, 200, outcome.body);
  }
  if (number !== undefined && edge === 'media' && method === 'POST') {
    const result = uploadMedia(services, number, req, raw);
    return 'error' in result ? fail(result.error) : sendGraphJson(res, info, result.status, result.body);
  }
  if (number === undefined && media === undefined && owner !== undefined && edge === 'message_templates' && method === 'GET') {
    const result = listMessageTemplates(url, services.config.publicUrl);
    return 'error' in result ? fail(result.error) : sendGraphJson(res, info, result.status, result.body);
  }
  if (number !== undefined && edge === undefined && method === 'GET') {
    return sendGraphJson(res, info, 200, {
      verified_name: `Sandbox ${number.display_phone_number}`,
      display_phone_number: number.display_phone_number,
      id: number.phone_number_id,
      quality_rating: 'GREEN',
      code_verification_status: 'VERIFIED',
      platform_type: 'CLOUD_API',
      throughput: { level: number.throughput_mps >= 1000 ? 'HIGH' : 'STANDARD' },
    });
  }
  if (media !== undefined && edge === undefined && method === 'GET') {
    const result = retrieveMedia(services, media);
    return 'error' in result ? fail(result.error) : sendGraphJson(res, info, result.status, result.body);
  }
  if (media !== undefined && edge === undefined && method === 'DELETE') {
    const result = deleteMedia(services, media);
    return 'error' in result ? fail(result.error) : sendGraphJson(res, info, result.status, result.body);
  }
  if (number === undefined && media === undefined && owner === undefined) return fail(graphErrors.objectNotFound(method, objectId));
  return fail(graphErrors.unknownPath(method, url.pathname));
}

/** The bytes behind a media URL: needs the owner's Bearer token and works for five minutes. */
function downloadMedia(services: SandboxServices, req: IncomingMessage, res: ServerResponse, url: URL, info: GraphRequestInfo): void {
  const resolved = services.state.media.resolveUrlKey(url.searchParams.get('hash') ?? '', services.state.clock.now());
  const token = bearerToken(req, new URLSearchParams());
  if (token === null) return sendGraphError(res, info, graphErrors.tokenMissing());
  if (resolved.status !== 'ok') return sendGraphError(res, info, graphErrors.mediaUrlExpired());
  const owner = services.state.numbers.get(resolved.item.phone_number_id);
  if (owner === undefined || owner.access_token !== token) return sendGraphError(res, info, graphErrors.tokenInvalid());
  const headers: Record<string, string | number> = {
    'content-type': resolved.item.mime_type,
    'content-length': resolved.item.bytes.length,
    'x-fb-trace-id': info.fbtraceId,
  };
  if (resolved.item.filename !== null) headers['content-disposition'] = `attachment; filename="${resolved.item.filename.replace(/"/g, '')}"`;
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : resolved.item.bytes);
}
