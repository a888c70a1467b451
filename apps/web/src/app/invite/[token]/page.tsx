import { TRPCError } from '@trpc/server';
import type { Metadata } from 'next';
import { getAppSession } from '../../../server/auth/get-app-session';
import { getServerCaller } from '../../../server/trpc/server-caller';
import { TrpcReactProvider } from '../../../trpc/react';
import { InviteActions } from './invite-actions';

export const metadata: Metadata = { title: 'Invitation' };

/** An invite link: works signed in (accept as yourself) and signed out (sign in, or create the invited account). */
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const caller = await getServerCaller();
  const preview = await caller.invite.preview({ token }).catch((error: unknown) => {
    // Unknown, used, revoked, expired (NOT_FOUND) or malformed (BAD_REQUEST): say so; anything else is a real failure.
    if (error instanceof TRPCError && (error.code === 'NOT_FOUND' || error.code === 'BAD_REQUEST')) {
      return { failed: error.code === 'NOT_FOUND' ? error.message : 'This invite link is not valid.' };
    }
    throw error;
  });
  const session = await getAppSession();

  return (
    <main className="login">
      <div className="login-card stack">
        <h1 className="brand">Switchboard</h1>
        {'failed' in preview ? (
          <p className="alert" role="alert" data-testid="invite-unusable">
            {preview.failed}
          </p>
        ) : (
          <>
            <p data-testid="invite-summary">
              You are invited to <strong>{preview.workspaceName}</strong> as <strong>{preview.role}</strong> ({preview.email}).
            </p>
            <TrpcReactProvider>
              <InviteActions
                token={token}
                email={preview.email}
                accountExists={preview.accountExists}
                signedInAs={session?.email ?? null}
              />
            </TrpcReactProvider>
          </>
        )}
      </div>
    </main>
  );
}
