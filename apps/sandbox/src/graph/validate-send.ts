import { outgoingMessageSchema, outgoingMessageTypes, type OutgoingMessage } from '@switchboard/whatsapp';
import { graphErrors, whatsappError, type GraphError } from './graph-error';

export type SendValidation = { ok: true; message: OutgoingMessage } | { ok: false; error: GraphError };

/**
 * Checks a send body the way Graph does before accepting it: envelope first (code 100), then the
 * content against Meta's limits; a missing field is 131008, a wrong one 131009, and the details
 * name the offending field.
 */
export function validateSend(body: unknown): SendValidation {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, error: graphErrors.invalidParameter('The request body must be a JSON object.') };
  }
  const record = body as Record<string, unknown>;
  if (record.messaging_product !== 'whatsapp') {
    return {
      ok: false,
      error: whatsappError(400, 100, 'The parameter messaging_product is required.', 'messaging_product must be "whatsapp".'),
    };
  }
  const type = record.type ?? 'text';
  if (typeof type !== 'string' || !(outgoingMessageTypes as readonly string[]).includes(type)) {
    return {
      ok: false,
      error: graphErrors.invalidParameter(`Param type must be one of {${outgoingMessageTypes.join(', ').toUpperCase()}}.`),
    };
  }
  // Graph defaults `type` to text; the schema wants it explicit.
  const parsed = outgoingMessageSchema.safeParse(record.type === undefined ? { ...record, type } : record);
  if (parsed.success) return { ok: true, message: parsed.data };
  const issue = parsed.error.issues[0];
  if (issue === undefined) return { ok: false, error: graphErrors.parameterValueInvalid('Invalid message.') };
  const path = issue.path.map(String).join('.');
  const missing = valueAt(record, issue.path) === undefined && issue.code !== 'unrecognized_keys';
  const details = path === '' ? issue.message : `${path}: ${issue.message}`;
  if (issue.code === 'unrecognized_keys') {
    const keys = 'keys' in issue && Array.isArray(issue.keys) ? issue.keys.join(', ') : '';
    const where = path === '' ? '' : `${path}: `;
    return { ok: false, error: graphErrors.invalidParameter(`${where}Unexpected key(s) ${keys}.`) };
  }
  return {
    ok: false,
    error: missing ? graphErrors.requiredParameterMissing(details) : graphErrors.parameterValueInvalid(details),
  };
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}
