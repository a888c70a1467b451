import { verifyPassword } from '@switchboard/db';
import { createLogger } from '@switchboard/observability';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import GitHubProvider from 'next-auth/providers/github';
import GoogleProvider from 'next-auth/providers/google';
import { z } from 'zod';
import type { Env } from '../../env';
import { getEnv } from '../../env';
import type { Db } from '../db';
import { getDb } from '../db';
import { verifiedOAuthEmail } from './oauth-email';

const logger = createLogger({ service: 'web' });

const credentialsSchema = z.object({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1024),
});

/** next-auth options: email + password (argon2id), OAuth only where configured, JWT sessions. */
export function buildAuthOptions(env: Env, prisma: Db): NextAuthOptions {
  const providers: NextAuthOptions['providers'] = [
    CredentialsProvider({
      name: 'Email',
      credentials: {
        email: { label: 'Email', type: 'email' },
        password: { label: 'Password', type: 'password' },
      },
      async authorize(raw) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const user = await prisma.user.findUnique({ where: { email: parsed.data.email.toLowerCase() } });
        if (!user?.passwordHash) return null;
        const ok = await verifyPassword(parsed.data.password, user.passwordHash).catch((error: unknown) => {
          // A corrupt stored hash must not become a 500 on the login form.
          logger.error({ err: error, userId: user.id }, 'stored password hash cannot be verified');
          return false;
        });
        return ok ? { id: user.id, email: user.email, name: user.name } : null;
      },
    }),
  ];
  if (env.GITHUB_ID && env.GITHUB_SECRET) {
    providers.push(GitHubProvider({ clientId: env.GITHUB_ID, clientSecret: env.GITHUB_SECRET }));
  }
  if (env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET) {
    providers.push(GoogleProvider({ clientId: env.GOOGLE_CLIENT_ID, clientSecret: env.GOOGLE_CLIENT_SECRET }));
  }

  return {
    secret: env.NEXTAUTH_SECRET,
    session: { strategy: 'jwt', maxAge: 60 * 60 * 24 * 30 },
    pages: { signIn: '/login', error: '/login' },
    providers,
    callbacks: {
      // OAuth signs in existing users only (matched by verified email):
      // accounts and workspace membership are created by invitation, not by
      // whoever holds a GitHub or Google login.
      async signIn({ account, user, profile }) {
        if (!account || account.type !== 'oauth') return true;
        const email = await verifiedOAuthEmail(account, user, profile);
        if (!email) return '/login?error=OAuthEmailUnverified';
        const existing = await prisma.user.findUnique({ where: { email } });
        return existing ? true : '/login?error=NoAccount';
      },
      async jwt({ token, user, account }) {
        if (!account) return token;
        if (account.type === 'oauth') {
          const email = user.email?.toLowerCase();
          const existing = email ? await prisma.user.findUnique({ where: { email } }) : null;
          if (existing) Object.assign(token, { sub: existing.id, email: existing.email, name: existing.name });
          return token;
        }
        return Object.assign(token, { sub: user.id, email: user.email, name: user.name });
      },
      async session({ session, token }) {
        return { ...session, userId: token.sub };
      },
    },
  };
}

let cached: NextAuthOptions | undefined;

/** The auth options of this process, built on first use. */
export function getAuthOptions(): NextAuthOptions {
  cached ??= buildAuthOptions(getEnv(), getDb());
  return cached;
}
