import type { ServerResponse } from 'node:http';
import { sendJson } from '../http/respond';
import { graphErrorBody, type GraphError } from './graph-error';

/** Per-request values Meta echoes in headers and error bodies. */
export interface GraphRequestInfo {
  /** The version segment of the path, e.g. `v24.0`. */
  version: string;
  fbtraceId: string;
  requestId: string;
}

function graphHeaders(info: GraphRequestInfo): Record<string, string> {
  return {
    'x-fb-trace-id': info.fbtraceId,
    'x-fb-request-id': info.requestId,
    'facebook-api-version': info.version,
  };
}

/** A successful Graph JSON response with Meta's tracing headers. */
export function sendGraphJson(res: ServerResponse, info: GraphRequestInfo, status: number, body: unknown): void {
  sendJson(res, status, body, graphHeaders(info));
}

/** A Graph error in Meta's envelope, with `WWW-Authenticate` on auth failures as Graph sends it. */
export function sendGraphError(res: ServerResponse, info: GraphRequestInfo, error: GraphError): void {
  const headers = graphHeaders(info);
  if (error.httpStatus === 401) headers['www-authenticate'] = `OAuth "Facebook Platform" "invalid_token" "${error.message}"`;
  sendJson(res, error.httpStatus, graphErrorBody(error, info.fbtraceId), headers);
}
