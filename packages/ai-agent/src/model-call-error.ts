/** Why a model call failed for good. */
export type ModelFailureKind = 'rate_limited' | 'server_error' | 'timeout' | 'network' | 'refused' | 'bad_response' | 'time_budget';

/** A model call that failed after its retries (or could not be retried); its message never holds the prompt. */
export class ModelCallError extends Error {
  override readonly name = 'ModelCallError';
  constructor(
    readonly kind: ModelFailureKind,
    message: string,
    readonly status?: number,
    readonly attempts = 1,
  ) {
    super(message);
  }
}
