import type { Account, Profile, User } from 'next-auth';
import { describe, expect, it } from 'vitest';
import { verifiedOAuthEmail } from './oauth-email';

const github: Account = { provider: 'github', type: 'oauth', providerAccountId: '1', access_token: 'gho_x' };
const user: User = { id: '1', email: 'Dev@Example.com' };

function fakeFetch(body: unknown, ok = true): typeof fetch {
  return async () => new Response(JSON.stringify(body), { status: ok ? 200 : 401 });
}

describe('verifiedOAuthEmail', () => {
  it('accepts a GitHub email that GitHub lists as verified', async () => {
    const fetchImpl = fakeFetch([{ email: 'dev@example.com', verified: true }]);
    expect(await verifiedOAuthEmail(github, user, undefined, fetchImpl)).toBe('dev@example.com');
  });

  it('rejects an unverified or unlisted GitHub email, and a failed lookup', async () => {
    expect(await verifiedOAuthEmail(github, user, undefined, fakeFetch([{ email: 'dev@example.com', verified: false }]))).toBeNull();
    expect(await verifiedOAuthEmail(github, user, undefined, fakeFetch([{ email: 'other@example.com', verified: true }]))).toBeNull();
    expect(await verifiedOAuthEmail(github, user, undefined, fakeFetch({ message: 'Bad credentials' }, false))).toBeNull();
    expect(await verifiedOAuthEmail(github, user, undefined, fakeFetch({ unexpected: true }))).toBeNull();
  });

  it('uses Google email_verified from the profile', async () => {
    const google: Account = { provider: 'google', type: 'oauth', providerAccountId: '2' };
    const verified: Profile & { email_verified: boolean } = { email: 'Dev@Example.com', email_verified: true };
    expect(await verifiedOAuthEmail(google, user, verified)).toBe('dev@example.com');
    const unverified: Profile & { email_verified: boolean } = { ...verified, email_verified: false };
    expect(await verifiedOAuthEmail(google, user, unverified)).toBeNull();
  });

  it('rejects unknown providers', async () => {
    expect(await verifiedOAuthEmail({ ...github, provider: 'other' }, user, undefined)).toBeNull();
  });
});
