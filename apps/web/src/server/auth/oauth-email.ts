import type { Account, Profile, User } from 'next-auth';
import { z } from 'zod';

const githubEmailsSchema = z.array(z.object({ email: z.string(), verified: z.boolean() }));
const googleProfileSchema = z.object({ email: z.string(), email_verified: z.boolean() });

/**
 * The verified, lowercased email an OAuth provider vouches for, or null.
 * OAuth users are matched to existing accounts by email, so an unverified
 * address must never count: it would let anyone claim someone's account.
 */
export async function verifiedOAuthEmail(
  account: Account,
  user: User,
  profile: Profile | undefined,
  fetchImpl: typeof fetch = fetch,
): Promise<string | null> {
  if (account.provider === 'google') {
    const parsed = googleProfileSchema.safeParse(profile);
    return parsed.success && parsed.data.email_verified ? parsed.data.email.toLowerCase() : null;
  }
  if (account.provider === 'github') {
    const email = user.email?.toLowerCase();
    if (!email || !account.access_token) return null;
    const response = await fetchImpl('https://api.github.com/user/emails', {
      headers: { Authorization: `Bearer ${account.access_token}`, Accept: 'application/vnd.github+json' },
    });
    if (!response.ok) return null;
    const emails = githubEmailsSchema.safeParse(await response.json());
    if (!emails.success) return null;
    return emails.data.some((e) => e.verified && e.email.toLowerCase() === email) ? email : null;
  }
  return null;
}
