import type { z } from 'zod';

/** One problem found in a message, with the dotted path of the offending field (e.g. `interactive.action.buttons.1.reply.title`). */
export interface ValidationIssue {
  path: string;
  message: string;
}

/** Turns zod issues into `{ path, message }` pairs a client can show next to the field. */
export function toValidationIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

/** Thrown before any request is made when a message breaks Meta's limits. */
export class MessageValidationError extends Error {
  override readonly name = 'MessageValidationError';
  readonly issues: ValidationIssue[];

  constructor(issues: ValidationIssue[]) {
    super(`invalid WhatsApp message: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`);
    this.issues = issues;
  }
}
