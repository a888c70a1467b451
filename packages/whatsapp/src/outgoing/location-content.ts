import { z } from 'zod';
import { boundedText } from './text-limits';

/** `location` object of a location message: coordinates in degrees plus optional name and address. */
export const locationContentSchema = z.strictObject({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  name: boundedText(1, 1000).optional(),
  address: boundedText(1, 1000).optional(),
});

export type LocationContent = z.infer<typeof locationContentSchema>;
