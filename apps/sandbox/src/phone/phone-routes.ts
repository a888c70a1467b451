import type { IncomingMessage, ServerResponse } from 'node:http';
import { phonePageHtml } from './phone-page';
import { phoneScript } from './phone-script';

/** Serves the phone page: `/` redirects to `/phone`, which loads `/phone/app.js`. */
export async function handlePhoneRequest(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (url.pathname === '/') {
    res.writeHead(302, { location: '/phone' });
    res.end();
    return true;
  }
  if (url.pathname === '/favicon.ico') {
    res.writeHead(204);
    res.end();
    return true;
  }
  if (url.pathname === '/phone' || url.pathname === '/phone/') {
    const html = phonePageHtml();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html), 'cache-control': 'no-cache' });
    res.end(req.method === 'HEAD' ? undefined : html);
    return true;
  }
  if (url.pathname === '/phone/app.js') {
    const script = await phoneScript();
    res.writeHead(200, {
      'content-type': 'text/javascript; charset=utf-8',
      'content-length': Buffer.byteLength(script),
      'cache-control': 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : script);
    return true;
  }
  return false;
}
