import { AppError } from '@switchboard/core';

/** The token of an `Authorization: Bearer <token>` header, or a 401 that says what is wrong. */
export function bearerToken(header: string | string[] | undefined): string {
  if (header === undefined || header === '') {
    throw new AppError('unauthorized', 'Missing API key: send Authorization: Bearer <api key>');
  }
  const value = Array.isArray(header) ? header[0] ?? '' : header;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(value);
  if (!match?.[1]) throw new AppError('unauthorized', 'Malformed Authorization header: expected Bearer <api key>');
  return match[1];
}
