import type { Metadata } from 'next';
import { ChannelList } from '../../../../../components/channel-list';
import { ConnectNumberForm } from '../../../../../components/connect-number-form';
import { SandboxChannelButton } from '../../../../../components/sandbox-channel-button';
import { roleAtLeast } from '../../../../../server/auth/roles';
import { loadWorkspacePage } from '../../../../../server/workspace/load-workspace-page';

export const metadata: Metadata = { title: 'Channels' };

export default async function ChannelsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { current, overview } = await loadWorkspacePage(slug);
  const admin = roleAtLeast(overview.role, 'admin');

  return (
    <div className="stack-lg">
      <div className="page-head">
        <div>
          <p className="eyebrow">
            <a href={`/w/${encodeURIComponent(slug)}`}>{overview.workspace.name}</a>
          </p>
          <h1>Channels</h1>
          <p className="muted">WhatsApp numbers this workspace sends and receives on.</p>
        </div>
      </div>
      <section className="card">
        <ChannelList workspaceId={current.id} />
      </section>
      {admin ? (
        <>
          <section className="card stack">
            <h2>Sandbox number</h2>
            <p className="muted">A simulated number on the local sandbox with the demo bot, to try everything without Meta. Clicking again reconnects it after the sandbox restarted.</p>
            <SandboxChannelButton workspaceId={current.id} label="Create or reconnect the sandbox channel" />
          </section>
          <section className="card stack">
            <h2>Connect a WhatsApp number</h2>
            <ConnectNumberForm workspaceId={current.id} />
          </section>
        </>
      ) : (
        <p className="muted">Only admins and owners add channels; you are {overview.role}.</p>
      )}
    </div>
  );
}
