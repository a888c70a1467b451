import { AppError } from '@switchboard/core';

/** A number as the sandbox's control API takes it (`PUT /_sandbox/numbers/{id}`). */
export interface SandboxNumber {
  phoneNumberId: string;
  displayPhoneNumber: string;
  wabaId: string;
  accessToken: string;
  appSecret: string;
  verifyToken: string;
  /** Where the sandbox sends the number's webhooks; it first does Meta's handshake there. */
  webhookUrl: string;
}

/** Registers (or re-registers: the PUT is idempotent) a number with the sandbox; a refusal is a clear 503. */
export async function registerSandboxNumber(sandboxUrl: string, number: SandboxNumber, fetchImpl: typeof fetch = fetch): Promise<void> {
  const body = {
    display_phone_number: number.displayPhoneNumber,
    waba_id: number.wabaId,
    access_token: number.accessToken,
    app_secret: number.appSecret,
    webhook_url: number.webhookUrl,
    verify_token: number.verifyToken,
  };
  let res: Response;
  try {
    res = await fetchImpl(`${sandboxUrl}/_sandbox/numbers/${encodeURIComponent(number.phoneNumberId)}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw new AppError('service_unavailable', `The sandbox at ${sandboxUrl} cannot be reached. Is it running (npm start starts it)?`, { cause: error });
  }
  if (res.ok) return;
  const text = (await res.text()).slice(0, 500);
  const reason = text.includes('webhook_verification_failed')
    ? `it could not verify the webhook URL ${number.webhookUrl} (is the api running and reachable from the sandbox?)`
    : `it answered ${res.status}: ${text}`;
  throw new AppError('service_unavailable', `The sandbox did not accept the number: ${reason}`);
}
