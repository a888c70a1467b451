import { cookies } from 'next/headers';
import { getEnv } from '../../env';
import { getAppSession } from '../auth/get-app-session';
import { getDb } from '../db';
import { createInnerContext } from './context';
import { createCaller } from './root';
import { parseWorkspaceCookieValue, WORKSPACE_COOKIE } from './workspace-cookie';

/** The workspace id held in the selection cookie of the current request, if valid. */
export async function readSelectedWorkspaceId(): Promise<string | null> {
  return parseWorkspaceCookieValue((await cookies()).get(WORKSPACE_COOKIE)?.value);
}

/** A tRPC caller for server components, with the same session checks as HTTP calls. */
export async function getServerCaller() {
  return createCaller(
    createInnerContext({
      session: await getAppSession(),
      prisma: getDb(),
      selectedWorkspaceId: await readSelectedWorkspaceId(),
      secureCookies: getEnv().APP_URL.startsWith('https:'),
    }),
  );
}
