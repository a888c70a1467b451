import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getAppSession } from '../../server/auth/get-app-session';
import { TrpcReactProvider } from '../../trpc/react';
import { SignUpForm } from './sign-up-form';

export const metadata: Metadata = { title: 'Create your account' };

export default async function SignUpPage() {
  if (await getAppSession()) redirect('/');
  return (
    <main className="login">
      <div className="login-card">
        <h1 className="brand">Switchboard</h1>
        <p className="muted">Create your account and your first workspace</p>
        <TrpcReactProvider>
          <SignUpForm />
        </TrpcReactProvider>
        <p className="muted small">
          Already have an account? <a href="/login">Sign in</a>
        </p>
      </div>
    </main>
  );
}
