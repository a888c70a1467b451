import type { PrismaClient, SecretBox } from '@switchboard/db';

/** What the channel use-cases need. */
export interface ChannelDeps {
  prisma: PrismaClient;
  secretBox: SecretBox;
  /** Public URL of the Meta webhook route, shown on every channel. */
  webhookUrl: string;
  clock?: () => Date;
}
