import { SANDBOX_TEMPLATES, type SandboxTemplate } from '../state/template-catalog';
import { graphErrors, type GraphError } from './graph-error';

const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 1000;

const encodeCursor = (index: number) => Buffer.from(String(index)).toString('base64url');

function decodeCursor(cursor: string): number | null {
  const index = Number(Buffer.from(cursor, 'base64url').toString('utf8'));
  return Number.isInteger(index) && index >= 0 ? index : null;
}

/**
 * `GET /{WABA-ID}/message_templates`: the account's templates with Meta's default fields (or
 * `fields=`), filtered by `name`, `status`, `language` and `category`, `limit` per page (default 25)
 * and cursor paging (`after` / `before`) with `paging.cursors` and a `paging.next` URL (on `publicUrl`)
 * while more remain.
 */
export function listMessageTemplates(url: URL, publicUrl: string): { status: number; body: Record<string, unknown> } | { error: GraphError } {
  const query = url.searchParams;
  const limitParam = query.get('limit');
  const limit = limitParam === null ? DEFAULT_LIMIT : Number(limitParam);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    return { error: graphErrors.invalidParameter(`limit must be an integer from 1 to ${MAX_LIMIT}.`) };
  }
  const filters: [keyof SandboxTemplate, string | null][] = [
    ['name', query.get('name')],
    ['status', query.get('status')],
    ['language', query.get('language')],
    ['category', query.get('category')],
  ];
  const matching = SANDBOX_TEMPLATES.filter((t) => filters.every(([field, value]) => value === null || String(t[field]).toUpperCase() === value.toUpperCase()));

  const after = query.get('after');
  const before = query.get('before');
  let start = 0;
  if (after !== null) {
    const index = decodeCursor(after);
    if (index === null) return { error: graphErrors.invalidParameter('after is not a valid cursor.') };
    start = index + 1;
  } else if (before !== null) {
    const index = decodeCursor(before);
    if (index === null) return { error: graphErrors.invalidParameter('before is not a valid cursor.') };
    start = Math.max(0, index - limit);
  }
  const page = matching.slice(start, start + limit);
  const fields = query.get('fields')?.split(',').map((f) => f.trim()).filter(Boolean);
  const data = page.map((template) => (fields ? pick(template, fields) : template));
  if (page.length === 0) return { status: 200, body: { data } };

  const last = start + page.length - 1;
  const paging: Record<string, unknown> = { cursors: { before: encodeCursor(start), after: encodeCursor(last) } };
  if (last < matching.length - 1) {
    const next = new URL(`${url.pathname}${url.search}`, publicUrl);
    next.searchParams.delete('before');
    next.searchParams.set('limit', String(limit));
    next.searchParams.set('after', encodeCursor(last));
    paging.next = next.toString();
  }
  if (start > 0) {
    const previous = new URL(`${url.pathname}${url.search}`, publicUrl);
    previous.searchParams.delete('after');
    previous.searchParams.set('limit', String(limit));
    previous.searchParams.set('before', encodeCursor(start));
    paging.previous = previous.toString();
  }
  return { status: 200, body: { data, paging } };
}

/** Graph always returns the id beside the requested fields. */
function pick(template: SandboxTemplate, fields: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) if (field in template) out[field] = template[field as keyof SandboxTemplate];
  out.id = template.id;
  return out;
}
