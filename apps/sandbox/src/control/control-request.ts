import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { BodyError, parseJson, readBody } from '../http/read-body';
import { sendControlError } from '../http/respond';

const CONTROL_BODY_LIMIT = 32 * 1024 * 1024;

/** Reads and validates a control API JSON body; on failure answers 400/422 itself and returns null. */
export async function readControlBody<S extends z.ZodType>(
  req: IncomingMessage,
  res: ServerResponse,
  schema: S,
): Promise<z.infer<S> | null> {
  let body: unknown;
  try {
    body = parseJson(await readBody(req, CONTROL_BODY_LIMIT));
  } catch (error) {
    const status = error instanceof BodyError ? error.status : 400;
    sendControlError(res, status, 'invalid_body', error instanceof Error ? error.message : 'unreadable body');
    return null;
  }
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) {
    sendControlError(
      res,
      422,
      'validation_failed',
      'the request body is not valid',
      parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
    );
    return null;
  }
  return parsed.data;
}
