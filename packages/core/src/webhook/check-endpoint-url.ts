import { assertSafeUrl, UnsafeUrlError, type AssertSafeUrlOptions } from '@switchboard/safe-http';
import { AppError } from '../app-error';

const explanations: Record<UnsafeUrlError['reason'], string> = {
  invalid_url: 'is not a valid URL',
  scheme: 'must use https',
  credentials: 'must not contain a user name or password',
  port: 'uses a port that is not allowed',
  private_address: 'points to a private, loopback, link-local or metadata address',
  unresolvable: 'has a host name that does not resolve',
};

/**
 * Checks an endpoint URL when it is saved: https (http only where the policy allows it), no
 * credentials, and every address the host resolves to public. A refusal is a 400 naming `url` and
 * the rule; delivery re-checks at connect time, so a later DNS change cannot get around this.
 */
export async function checkEndpointUrl(url: string, policy: AssertSafeUrlOptions): Promise<string> {
  try {
    return (await assertSafeUrl(url, policy)).href;
  } catch (error) {
    if (!(error instanceof UnsafeUrlError)) throw error;
    const message = explanations[error.reason];
    throw new AppError('validation_failed', `url: ${message}`, {
      details: [{ field: 'url', message, reason: error.reason, ...(error.addressKind ? { address_kind: error.addressKind } : {}) }],
    });
  }
}
