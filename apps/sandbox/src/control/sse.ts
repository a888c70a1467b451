import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxEvent } from '../state/conversation-store';
import type { SandboxServices } from '../services';

/** Open event streams, closed when the sandbox shuts down. */
export type SseClients = Set<ServerResponse>;

/**
 * `GET /_sandbox/events?phone_number_id=&wa_id=`: Server-Sent Events of new messages, status
 * changes and typing indicators, optionally filtered to one number and/or user.
 */
export function openEventStream(services: SandboxServices, clients: SseClients, req: IncomingMessage, res: ServerResponse, url: URL): void {
  const numberFilter = url.searchParams.get('phone_number_id');
  const userFilter = url.searchParams.get('wa_id');
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write(': connected\n\n');
  const unsubscribe = services.state.conversations.subscribe((event: SandboxEvent) => {
    if (numberFilter !== null && event.phone_number_id !== numberFilter) return;
    if (userFilter !== null && event.wa_id !== userFilter) return;
    res.write(`event: ${event.kind}\ndata: ${JSON.stringify(event)}\n\n`);
  });
  // A comment every 15 s keeps proxies and browsers from closing an idle stream.
  const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), 15_000);
  clients.add(res);
  const stop = () => {
    clearInterval(heartbeat);
    unsubscribe();
    clients.delete(res);
  };
  req.once('close', stop);
  res.once('close', stop);
}
