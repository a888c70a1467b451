import type { z } from 'zod';
import { AppError } from './app-error';

/** Field-level details for a zod failure: one entry per issue, with a dotted path. */
export function zodIssuesToDetails(error: z.ZodError): { field: string; message: string }[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
}

/** Parses `input` with `schema` or throws a `validation_failed` AppError naming the fields. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details = zodIssuesToDetails(result.error);
  const first = details[0];
  const message = first ? `${first.field}: ${first.message}` : 'Invalid input';
  throw new AppError('validation_failed', message, { details });
}
