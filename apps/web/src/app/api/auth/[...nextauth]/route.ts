import NextAuth from 'next-auth';
import type { NextRequest } from 'next/server';
import { getAuthOptions } from '../../../../server/auth/auth-options';

// Options are built per process on first request (not at import), so that
// `next build` does not need DATABASE_URL or secrets.
async function handler(req: NextRequest, ctx: { params: Promise<{ nextauth: string[] }> }): Promise<Response> {
  return NextAuth(getAuthOptions())(req, ctx);
}

export { handler as GET, handler as POST };
