// Chatwoot: Application API client, webhook signature and parser, and the CRM adapter built on them.
export { createChatwootClient, parseRetryAfter, type ChatwootClient, type ChatwootClientOptions, type ChatwootUpload } from './chatwoot-client';
export { createChatwootAdapter } from './chatwoot-adapter';
export { parseChatwootWebhook } from './parse-chatwoot-webhook';
export {
  CHATWOOT_SIGNATURE_TOLERANCE_SECONDS,
  signChatwootWebhook,
  verifyChatwootSignature,
  type ChatwootSignatureCheck,
} from './chatwoot-signature';
export * from './chatwoot-schemas';
