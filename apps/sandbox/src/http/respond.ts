import type { ServerResponse } from 'node:http';

/** Writes a JSON response; `extraHeaders` come on top of the content type. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  extraHeaders: Record<string, string> = {},
): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    ...extraHeaders,
  });
  res.end(payload);
}

/** The error shape of the control API (same as Switchboard's public REST API). */
export function sendControlError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  details?: unknown,
): void {
  sendJson(res, status, { error: details === undefined ? { code, message } : { code, message, details } });
}
