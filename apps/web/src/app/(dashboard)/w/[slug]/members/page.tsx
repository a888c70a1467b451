import type { Metadata } from 'next';
import { Invites } from '../../../../../components/invites';
import { Members } from '../../../../../components/members';
import { getAppSession } from '../../../../../server/auth/get-app-session';
import { roleAtLeast } from '../../../../../server/auth/roles';
import { loadWorkspacePage } from '../../../../../server/workspace/load-workspace-page';

export const metadata: Metadata = { title: 'Members' };

export default async function MembersPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { current, overview } = await loadWorkspacePage(slug);
  const session = await getAppSession();

  return (
    <div className="stack-lg">
      <div className="page-head">
        <div>
          <p className="eyebrow">
            <a href={`/w/${encodeURIComponent(slug)}`}>{overview.workspace.name}</a>
          </p>
          <h1>Members</h1>
          <p className="muted">Owners and admins manage members; only owners grant the owner role, and the last owner always stays.</p>
        </div>
      </div>
      <section className="card">
        <Members workspaceId={current.id} myRole={overview.role} myUserId={session?.userId ?? ''} />
      </section>
      <section className="card stack">
        <h2>Invite by link</h2>
        {roleAtLeast(overview.role, 'admin') ? (
          <Invites workspaceId={current.id} myRole={overview.role} />
        ) : (
          <p className="muted">Only admins and owners invite people; you are {overview.role}.</p>
        )}
      </section>
    </div>
  );
}
