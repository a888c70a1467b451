import { notFound } from 'next/navigation';
import { getServerCaller } from '../trpc/server-caller';

/** What every /w/[slug] page starts from: the caller, the user's workspaces, the current one (404 when not a member) and its overview (role). */
export async function loadWorkspacePage(slug: string) {
  const caller = await getServerCaller();
  const workspaces = await caller.workspace.list();
  const current = workspaces.find((w) => w.slug === slug);
  if (!current) notFound();
  const overview = await caller.workspace.overview({ workspaceId: current.id });
  return { caller, workspaces, current, overview };
}
