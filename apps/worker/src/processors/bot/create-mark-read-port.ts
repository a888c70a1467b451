import { createChannelClientCache, type MarkReadPort } from '@switchboard/core';
import type { SecretBox } from '@switchboard/db';
import type { Counter, Logger } from '@switchboard/observability';

/**
 * Marks the user's message read and shows "typing…" through the channel's
 * Graph client. Best effort: failures are logged and counted, never thrown,
 * and nothing waits for it.
 */
export function createMarkReadPort(deps: {
  secretBox: SecretBox;
  logger: Logger;
  graph: { baseUrl: string; apiVersion: string; timeoutMs: number };
  counter: Counter<'outcome'>;
}): MarkReadPort {
  const clientFor = createChannelClientCache(deps);
  return async ({ channel, wamid, typing }) => {
    try {
      await clientFor(channel).markRead(wamid, { typing });
      deps.counter.inc({ outcome: 'ok' });
    } catch (error) {
      deps.counter.inc({ outcome: 'failed' });
      deps.logger.warn({ channel_id: channel.id, err: (error as Error).message }, 'could not mark the message read');
    }
  };
}
