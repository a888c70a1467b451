import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { BotList } from '../../../../components/bot-list';
import { ChannelList } from '../../../../components/channel-list';
import { SandboxChannelButton } from '../../../../components/sandbox-channel-button';
import { WorkspaceSwitcher } from '../../../../components/workspace-switcher';
import { getEnv } from '../../../../env';
import { roleAtLeast } from '../../../../server/auth/roles';
import { getServerCaller } from '../../../../server/trpc/server-caller';

export const metadata: Metadata = { title: 'Overview' };

export default async function WorkspaceOverviewPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const caller = await getServerCaller();
  const workspaces = await caller.workspace.list();
  const current = workspaces.find((w) => w.slug === slug);
  if (!current) notFound();
  const overview = await caller.workspace.overview({ workspaceId: current.id });
  const sandboxPhoneUrl = new URL('/phone', getEnv().SANDBOX_PUBLIC_URL).toString();

  return (
    <div className="stack-lg">
      <div className="page-head">
        <div>
          <p className="eyebrow">Workspace</p>
          <h1 data-testid="workspace-name">{overview.workspace.name}</h1>
          <p className="muted">
            You are <strong>{overview.role}</strong> · {overview.channelCount} channel{overview.channelCount === 1 ? '' : 's'} ·{' '}
            {overview.botCount} bot{overview.botCount === 1 ? '' : 's'}
          </p>
        </div>
        <WorkspaceSwitcher workspaces={workspaces} currentId={current.id} />
      </div>

      {overview.channelCount === 0 && roleAtLeast(overview.role, 'admin') ? (
        <section className="card stack" data-testid="onboarding">
          <h2>Get started</h2>
          <p className="muted">
            Create a sandbox number with the demo bot on it and chat with it on the sandbox phone right away — no Meta account needed. You can{' '}
            <a href={`/w/${encodeURIComponent(slug)}/channels`}>connect a real WhatsApp number</a> any time.
          </p>
          <SandboxChannelButton workspaceId={current.id} />
        </section>
      ) : null}

      <a className="sandbox-cta" href={sandboxPhoneUrl} target="_blank" rel="noreferrer" data-testid="sandbox-phone-link">
        <span className="sandbox-cta-title">Open the sandbox phone</span>
        <span className="sandbox-cta-text">Chat with your bots as a WhatsApp user would, without a Meta account.</span>
      </a>

      <section className="card">
        <h2>Channels</h2>
        <ChannelList workspaceId={current.id} />
        <p className="muted">
          <a href={`/w/${encodeURIComponent(slug)}/channels`} data-testid="channels-link">
            Add a sandbox number or connect a WhatsApp number
          </a>
        </p>
      </section>

      <section className="card">
        <h2>Team and settings</h2>
        <p className="muted">
          <a href={`/w/${encodeURIComponent(slug)}/members`} data-testid="members-link">
            Members, roles and invite links
          </a>
          {' · '}
          <a href={`/w/${encodeURIComponent(slug)}/settings`} data-testid="settings-link">
            Workspace settings
          </a>
        </p>
      </section>

      <section className="card">
        <h2>Inbox</h2>
        <p className="muted">
          <a href={`/w/${encodeURIComponent(slug)}/inbox`} data-testid="inbox-link">
            Conversations, delivery ticks, take over and hand back
          </a>
          {' · '}
          <a href={`/w/${encodeURIComponent(slug)}/messages`} data-testid="messages-link">
            Message log with status timelines
          </a>
        </p>
      </section>

      <section className="card">
        <h2>Analytics</h2>
        <p className="muted">
          <a href={`/w/${encodeURIComponent(slug)}/analytics`} data-testid="analytics-link">
            Messages, delivery and read rates, time to reply, AI usage, flow funnels
          </a>
          {' · '}
          <a href={`/w/${encodeURIComponent(slug)}/audit-log`} data-testid="audit-log-link">
            Audit log
          </a>
        </p>
      </section>

      <section className="card">
        <h2>API keys</h2>
        <p className="muted">
          <a href={`/w/${encodeURIComponent(slug)}/api-keys`} data-testid="api-keys-link">
            Keys for the REST API: scopes, rotation, revocation
          </a>
        </p>
      </section>

      <section className="card">
        <h2>Webhooks</h2>
        <p className="muted">
          <a href={`/w/${encodeURIComponent(slug)}/webhooks`} data-testid="webhooks-link">
            Endpoints, secrets, delivery log and replay
          </a>
        </p>
      </section>

      <section className="card">
        <h2>Flows</h2>
        <p className="muted">
          <a href={`/w/${encodeURIComponent(slug)}/flows`} data-testid="flows-link">
            Build, test and publish conversation flows
          </a>
        </p>
      </section>

      <section className="card">
        <h2>Chatwoot</h2>
        <p className="muted">
          <a href={`/w/${encodeURIComponent(slug)}/chatwoot`} data-testid="chatwoot-link">
            Mirror conversations to Chatwoot, test the connection, see what could not be synced
          </a>
        </p>
      </section>

      <section className="card">
        <h2>AI</h2>
        <p className="muted">
          <a href={`/w/${encodeURIComponent(slug)}/ai`} data-testid="ai-link">
            Model provider and test connection
          </a>
        </p>
      </section>

      <section className="card">
        <h2>Bots</h2>
        <BotList workspaceId={current.id} slug={slug} />
        <p className="muted small">
          <a href={`/w/${encodeURIComponent(slug)}/bots`} data-testid="bots-link">
            Manage bots: create, attach to a channel, mode, flow, enable
          </a>
        </p>
      </section>
    </div>
  );
}
