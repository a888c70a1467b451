import type { Prisma } from '@switchboard/db';

// Three advisory lock names per conversation (64-bit keys from hashtextextended):
// - turn:  held by a bot turn for its whole transaction, so turns of one conversation never overlap;
// - inbox: taken SHARED by the inbound hook while it stores a message, and passed EXCLUSIVELY by a
//          turn before it reads pending messages, so a turn whose job started before the inbound
//          transaction committed waits for that commit instead of missing the message;
// - chain: held while bot replies of the conversation are queued or promoted (short).
type LockName = 'turn' | 'inbox' | 'chain';

const keyOf = (name: LockName, conversationId: string) => `bot-${name}:${conversationId}`;

/** Blocks until this transaction holds the conversation's `name` lock (released at commit or rollback). */
export async function lockConversation(tx: Prisma.TransactionClient, name: LockName, conversationId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${keyOf(name, conversationId)}, 0))`;
}

/** The inbound hook's side of the inbox barrier: a shared lock held until the storing transaction ends. */
export async function holdInboxShared(tx: Prisma.TransactionClient, conversationId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock_shared(hashtextextended(${keyOf('inbox', conversationId)}, 0))`;
}

/**
 * The turn's side of the inbox barrier: waits until no inbound transaction of the conversation is
 * in flight, without keeping the lock (a lock taken after a savepoint is released when the
 * transaction rolls back to it), so new messages are never blocked by a long turn.
 */
export async function passInboxBarrier(tx: Prisma.TransactionClient, conversationId: string): Promise<void> {
  await tx.$executeRawUnsafe('SAVEPOINT bot_inbox_barrier');
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${keyOf('inbox', conversationId)}, 0))`;
  await tx.$executeRawUnsafe('ROLLBACK TO SAVEPOINT bot_inbox_barrier');
  await tx.$executeRawUnsafe('RELEASE SAVEPOINT bot_inbox_barrier');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `lockConversation(tx, 'turn', …)` then `passInboxBarrier` as ONE statement: a DO block takes the
 * turn lock, then the inbox lock inside an exception block that it rolls back on purpose (a
 * subtransaction, like the savepoint: the inbox lock is released at once, the turn lock is kept).
 * A DO block takes no parameters, so the id is checked to be a uuid before it is inlined.
 */
export function turnLockStatement(conversationId: string): string {
  if (!UUID.test(conversationId)) throw new Error(`not a conversation id: ${conversationId}`);
  return `DO $$ BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended('${keyOf('turn', conversationId)}', 0));
    BEGIN
      PERFORM pg_advisory_xact_lock(hashtextextended('${keyOf('inbox', conversationId)}', 0));
      RAISE EXCEPTION USING ERRCODE = 'SB001';
    EXCEPTION WHEN SQLSTATE 'SB001' THEN NULL;
    END;
  END $$`;
}
