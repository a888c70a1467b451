import { getToken } from 'next-auth/jwt';
import type { NextRequest } from 'next/server';
import { NextResponse } from 'next/server';
import { getEnv } from './env';

// The public REST API is a separate server (apps/api). Proxying it here, at
// request time, lets the dashboard origin serve /api/v1 without any client
// configuration, and API_URL can change without rebuilding (a next.config
// rewrite would bake the URL into the build output).
function proxyPublicApi(request: NextRequest): NextResponse {
  const target = new URL(request.nextUrl.pathname + request.nextUrl.search, getEnv().API_URL);
  return NextResponse.rewrite(target);
}

// An optimistic check that keeps signed-out visitors off dashboard pages;
// server components and tRPC procedures check the session again themselves.
async function requireSession(request: NextRequest): Promise<NextResponse> {
  const env = getEnv();
  const token = await getToken({ req: request, secret: env.NEXTAUTH_SECRET, secureCookie: env.APP_URL.startsWith('https:') });
  if (token?.sub) return NextResponse.next();
  const login = new URL('/login', request.url);
  const target = request.nextUrl.pathname + request.nextUrl.search;
  if (target !== '/') login.searchParams.set('callbackUrl', target);
  return NextResponse.redirect(login);
}

export async function proxy(request: NextRequest): Promise<NextResponse> {
  const path = request.nextUrl.pathname;
  // Integration webhooks (Chatwoot) and Meta's webhook are served by the api too, so the dashboard origin
  // can be given to them (it is the default public URL channels tell users to paste into Meta).
  if (path.startsWith('/api/v1/') || path === '/api/v1' || path.startsWith('/api/integrations/') || path.startsWith('/api/webhooks/')) {
    return proxyPublicApi(request);
  }
  return requireSession(request);
}

export const config = {
  // Everything except next-auth, tRPC (checks itself), health, the sign-in, sign-up and invite pages and static assets.
  matcher: ['/api/v1/:path*', '/api/integrations/:path*', '/api/webhooks/:path*', '/((?!api/|login|signup|invite/|_next/static|_next/image|favicon\\.ico|.*\\.(?:svg|png|ico|css|js)$).*)'],
};
