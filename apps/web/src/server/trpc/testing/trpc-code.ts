import { TRPCError } from '@trpc/server';

/** The tRPC error code a call is rejected with; fails the test when the call succeeds. */
export async function trpcCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
  throw new Error('expected the call to be rejected');
}
