'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../trpc/react';

/** One click: a sandbox number with the demo bot, then the phone page to chat with it. */
export function SandboxChannelButton({ workspaceId, label = 'Create sandbox channel' }: { workspaceId: string; label?: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // The lists refresh in place; a full page refresh would unmount this card (the page shows it only without channels).
  const create = useMutation(
    trpc.onboarding.createSandboxChannel.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.channel.list.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.bot.list.queryKey() });
      },
    }),
  );

  return (
    <div className="stack">
      {create.data ? null : (
        <div>
          <button type="button" className="button primary" data-testid="create-sandbox-channel" disabled={create.isPending} onClick={() => create.mutate({ workspaceId })}>
            {create.isPending ? 'Creating the sandbox number…' : label}
          </button>
        </div>
      )}
      {create.isError ? (
        <p className="alert" role="alert" data-testid="sandbox-channel-error">
          {create.error.message}
        </p>
      ) : null}
      {create.data ? (
        <a className="sandbox-cta" href={create.data.phoneUrl} target="_blank" rel="noreferrer" data-testid="onboarding-phone-link">
          <span className="sandbox-cta-title">Chat with your bot: open the sandbox phone</span>
          <span className="sandbox-cta-text">
            Sandbox number <span className="mono">{create.data.displayPhoneNumber}</span> is ready and the demo bot answers on it. Say “hi”.
          </span>
        </a>
      ) : null}
    </div>
  );
}
