import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { ChangePasswordForm } from '../../../components/change-password-form';
import { getAppSession } from '../../../server/auth/get-app-session';

export const metadata: Metadata = { title: 'Account' };

export default async function AccountPage() {
  const session = await getAppSession();
  if (!session) redirect('/login');
  return (
    <div className="stack-lg">
      <div className="page-head">
        <div>
          <p className="eyebrow">
            <a href="/">Workspaces</a>
          </p>
          <h1>Account</h1>
          <p className="muted">
            Signed in as <span className="mono">{session.email}</span>
          </p>
        </div>
      </div>
      <section className="card stack">
        <h2>Password</h2>
        <ChangePasswordForm />
      </section>
    </div>
  );
}
