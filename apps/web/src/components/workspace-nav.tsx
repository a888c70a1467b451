'use client';

import { usePathname } from 'next/navigation';

/** The workspace's pages, in the order a user meets them. */
const PAGES = [
  { path: '', label: 'Overview' },
  { path: '/inbox', label: 'Inbox' },
  { path: '/flows', label: 'Flows' },
  { path: '/bots', label: 'Bots' },
  { path: '/channels', label: 'Channels' },
  { path: '/messages', label: 'Messages' },
  { path: '/analytics', label: 'Analytics' },
  { path: '/ai', label: 'AI provider' },
  { path: '/chatwoot', label: 'Chatwoot' },
  { path: '/webhooks', label: 'Webhooks' },
  { path: '/api-keys', label: 'API keys' },
  { path: '/members', label: 'Members' },
  { path: '/audit-log', label: 'Audit log' },
  { path: '/settings', label: 'Settings' },
] as const;

/** Links to every page of the workspace, the current one marked. */
export function WorkspaceNav({ slug }: { slug: string }) {
  const pathname = usePathname();
  const base = `/w/${encodeURIComponent(slug)}`;
  return (
    <nav className="workspace-nav" aria-label="Workspace" data-testid="workspace-nav">
      {PAGES.map(({ path, label }) => {
        const href = `${base}${path}`;
        const current = path === '' ? pathname === base : pathname === href || pathname.startsWith(`${href}/`);
        return (
          <a key={path} href={href} aria-current={current ? 'page' : undefined} className={current ? 'current' : undefined}>
            {label}
          </a>
        );
      })}
    </nav>
  );
}
