#!/usr/bin/env node
// Extracts the parts of Meta's WhatsApp Business Messaging OpenAPI document
// (github.com/facebook/openapi, business-messaging-api_v23.0.yaml) that the sandbox's
// fidelity tests validate against, so the tests do not need the 1 MB document.
//   node scripts/extract-meta-schemas.mjs <path/to/meta-openapi-v23.yaml>
// writes src/testing/fixtures/meta-openapi-subset.json.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { parse } from 'yaml';

const source = process.argv[2];
if (!source) {
  console.error('usage: node scripts/extract-meta-schemas.mjs <meta-openapi-v23.yaml>');
  process.exit(2);
}
const doc = parse(readFileSync(source, 'utf8'));
const all = doc.components.schemas;

// Roots, plus the webhook variants the document's own refs should have pointed at
// (its generator suffixed duplicates with _1/_2 but kept the refs unsuffixed).
const roots = [
  'WebhookPayload',
  'MessageResponsePayload',
  'MarkMessageResponsePayload',
  'GraphAPIError',
  'TextMessage_2',
  'ReactionMessage_1',
  'AudioMessage_1',
  'DocumentMessage_1',
  'ImageMessage_1',
  'StickerMessage_1',
  'VideoMessage_1',
  'LocationMessage_1',
  'BaseMessageProperties_1',
  'ContactObject_1',
  'ErrorObject_2',
  // Only named in discriminator mappings, which are not $refs.
  'InteractiveListReplyContent',
  'InteractiveButtonReplyContent',
];

const schemas = {};
const pending = [...roots];
while (pending.length > 0) {
  const name = pending.pop();
  if (schemas[name] || !all[name]) continue;
  schemas[name] = all[name];
  JSON.stringify(all[name], (key, value) => {
    if (key === '$ref' && typeof value === 'string') pending.push(value.replace('#/components/schemas/', ''));
    return value;
  });
}

const response = (path, method) => doc.paths[path][method].responses['200'].content['application/json'].schema;
const subset = {
  source: 'github.com/facebook/openapi business-messaging-api_v23.0.yaml (subset)',
  schemas,
  responses: {
    uploadMedia: response('/{Version}/{Phone-Number-ID}/media', 'post'),
    retrieveMediaUrl: response('/{Version}/{Media-ID}', 'get'),
    deleteMedia: response('/{Version}/{Media-ID}', 'delete'),
    listMessageTemplates: response('/{Version}/{WABA-ID}/message_templates', 'get'),
  },
};
mkdirSync('src/testing/fixtures', { recursive: true });
writeFileSync('src/testing/fixtures/meta-openapi-subset.json', `${JSON.stringify(subset, null, 2)}\n`);
console.log(`wrote ${Object.keys(schemas).length} schemas`);
