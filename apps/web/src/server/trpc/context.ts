import type { FetchCreateContextFnOptions } from '@trpc/server/adapters/fetch';
import { getEnv } from '../../env';
import type { AppSession } from '../auth/app-session';
import { getAppSession } from '../auth/get-app-session';
import type { Db } from '../db';
import { getDb } from '../db';
import { readWorkspaceCookie } from './workspace-cookie';

export interface TrpcContext {
  session: AppSession | null;
  prisma: Db;
  /** Workspace id from the selection cookie, used when a call names none. */
  selectedWorkspaceId: string | null;
  /** Response headers of the HTTP call; null for server-side callers. */
  resHeaders: Headers | null;
  secureCookies: boolean;
}

/** Context without HTTP: server components and tests build it directly. */
export function createInnerContext(opts: {
  session: AppSession | null;
  prisma: Db;
  selectedWorkspaceId?: string | null;
  resHeaders?: Headers | null;
  secureCookies?: boolean;
}): TrpcContext {
  return {
    session: opts.session,
    prisma: opts.prisma,
    selectedWorkspaceId: opts.selectedWorkspaceId ?? null,
    resHeaders: opts.resHeaders ?? null,
    secureCookies: opts.secureCookies ?? false,
  };
}

/** Context for a request through the fetch adapter at /api/trpc. */
export async function createRequestContext({ req, resHeaders }: FetchCreateContextFnOptions): Promise<TrpcContext> {
  return createInnerContext({
    session: await getAppSession(),
    prisma: getDb(),
    selectedWorkspaceId: readWorkspaceCookie(req.headers.get('cookie')),
    resHeaders,
    secureCookies: getEnv().APP_URL.startsWith('https:'),
  });
}
