import { z } from 'zod';

/** What the rest of the app knows about a signed-in user. */
export const appSessionSchema = z.object({
  userId: z.string().min(1),
  email: z.string(),
  name: z.string().nullable(),
});
export type AppSession = z.infer<typeof appSessionSchema>;
