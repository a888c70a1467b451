export { classifyAddress, isPublicAddress, type AddressClassification, type AddressKind } from './classify-address';
export { parseIp, formatIPv4, formatIPv6, type ParsedIp } from './parse-ip';
export { parseSafeUrl, effectivePort, type SafeUrlOptions } from './parse-safe-url';
export { assertSafeUrl, type AssertSafeUrlOptions } from './assert-safe-url';
export { systemLookup, type HostLookup, type ResolvedAddress } from './host-lookup';
export {
  createSafeFetch,
  SAFE_HTTP_METHODS,
  type SafeFetch,
  type SafeFetchOptions,
  type SafeHttpMethod,
  type SafeRequestInit,
  type SafeResponse,
} from './create-safe-fetch';
export {
  SafeHttpError,
  UnsafeUrlError,
  HttpTimeoutError,
  ResponseTooLargeError,
  HttpNetworkError,
  type UnsafeUrlReason,
} from './safe-http-error';
export { BYPASS_CORPUS, bypassCorpusLookup, type BypassCase } from './bypass-corpus';
export { createGuardedConnector, type GuardedConnectorOptions } from './guarded-connector';
