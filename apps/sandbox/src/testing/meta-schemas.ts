import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

type Schema = Record<string, unknown>;
interface Subset {
  schemas: Record<string, Schema>;
  responses: Record<'uploadMedia' | 'retrieveMediaUrl' | 'deleteMedia' | 'listMessageTemplates', Schema>;
}

/**
 * Meta's v23 document names its webhook message schemas with `_1`/`_2` suffixes (duplicates of
 * the send-side names) but its refs still point at the unsuffixed send-side schemas. Inside the
 * webhook message schemas we follow the refs to the schemas that were meant.
 */
const webhookRenames: Record<string, string> = {
  TextMessage: 'TextMessage_2',
  ReactionMessage: 'ReactionMessage_1',
  AudioMessage: 'AudioMessage_1',
  DocumentMessage: 'DocumentMessage_1',
  ImageMessage: 'ImageMessage_1',
  StickerMessage: 'StickerMessage_1',
  VideoMessage: 'VideoMessage_1',
  LocationMessage: 'LocationMessage_1',
  BaseMessageProperties: 'BaseMessageProperties_1',
  ContactObject: 'ContactObject_1',
  ErrorObject: 'ErrorObject_2',
};
const webhookMessageSchemas = [
  'IncomingMessage',
  ...Object.values(webhookRenames),
  'ContactSharingMessage',
  'UnsupportedMessage',
  'ButtonMessage',
  'InteractiveMessageReply',
  'OrderMessage',
  'SystemMessage',
];

const ref = (name: string) => `#/components/schemas/${name}`;

/** OpenAPI → JSON Schema 2020-12: `nullable`, discriminators (Ajv needs them as plain oneOf). */
function convert(node: unknown, renames: Record<string, string> | null): unknown {
  if (Array.isArray(node)) return node.map((item) => convert(item, renames));
  if (typeof node !== 'object' || node === null) return node;
  const out: Schema = {};
  for (const [key, value] of Object.entries(node as Schema)) {
    if (key === 'discriminator' || key === 'example' || key === 'examples') continue;
    if (key === '$ref' && typeof value === 'string' && renames !== null) {
      const name = value.replace('#/components/schemas/', '');
      out.$ref = ref(renames[name] ?? name);
    } else out[key] = convert(value, renames);
  }
  const discriminator = (node as Schema).discriminator as { mapping?: Record<string, string> } | undefined;
  if (discriminator?.mapping && out.oneOf === undefined) {
    out.oneOf = Object.values(discriminator.mapping).map((target) => ({ $ref: target }));
  }
  if (out.nullable === true && typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    delete out.nullable;
  }
  return out;
}

function loadSubset(): Subset {
  return JSON.parse(readFileSync(new URL('./fixtures/meta-openapi-subset.json', import.meta.url), 'utf8')) as Subset;
}

/** Validators for Meta's schemas, keyed by schema name, plus the inline media responses. */
export function loadMetaValidators() {
  const subset = loadSubset();
  const schemas: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(subset.schemas)) {
    schemas[name] = convert(schema, webhookMessageSchemas.includes(name) ? webhookRenames : null);
  }
  // Meta lists referred_product as required on every context, yet its own reply examples have
  // only {from, id}: the field belongs to product inquiries alone.
  const context = schemas.ContextObject as { required?: string[] };
  context.required = (context.required ?? []).filter((field) => field !== 'referred_product');

  const ajv = new Ajv2020({ strict: false, allErrors: true });
  (addFormatsModule as unknown as (a: Ajv2020) => void)(ajv);
  for (const format of ['float', 'url', 'binary']) ajv.addFormat(format, true);
  ajv.addSchema({ $id: 'meta', components: { schemas } });

  const cache = new Map<string, ValidateFunction>();
  const schema = (name: string): ValidateFunction => {
    let validate = cache.get(name);
    if (validate === undefined) {
      validate = ajv.compile({ $ref: `meta${ref(name)}` });
      cache.set(name, validate);
    }
    return validate;
  };
  const response = (name: keyof Subset['responses']): ValidateFunction => {
    let validate = cache.get(`response:${name}`);
    if (validate === undefined) {
      validate = ajv.compile(convert(subset.responses[name], null) as Schema);
      cache.set(`response:${name}`, validate);
    }
    return validate;
  };
  return { schema, response, errorsText: (validate: ValidateFunction) => ajv.errorsText(validate.errors) };
}
