import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { SignOutButton } from '../../components/sign-out-button';
import { getAppSession } from '../../server/auth/get-app-session';
import { TrpcReactProvider } from '../../trpc/react';

// The authoritative session check for every dashboard page (proxy.ts only
// redirects optimistically).
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const session = await getAppSession();
  if (!session) redirect('/login');
  return (
    <TrpcReactProvider>
      <div className="shell">
        <header className="topbar">
          <a href="/" className="brand">
            Switchboard
          </a>
          <div className="topbar-user">
            <a className="muted" href="/account" data-testid="current-user">
              {session.name ?? session.email}
            </a>
            <SignOutButton />
          </div>
        </header>
        <main className="content">{children}</main>
      </div>
    </TrpcReactProvider>
  );
}
