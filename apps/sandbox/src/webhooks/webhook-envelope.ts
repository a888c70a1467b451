import type { SandboxNumber } from '../state/number-config';

/** Wraps a `value` (messages + contacts, or statuses) in Meta's `whatsapp_business_account` envelope for the number. */
export function webhookEnvelope(number: SandboxNumber, value: Record<string, unknown>): Record<string, unknown> {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: number.waba_id,
        changes: [
          {
            value: {
              messaging_product: 'whatsapp',
              metadata: {
                display_phone_number: number.display_phone_number,
                phone_number_id: number.phone_number_id,
              },
              ...value,
            },
            field: 'messages',
          },
        ],
      },
    ],
  };
}

/** Unix seconds as the string Meta puts in `timestamp` fields. */
export function unixSeconds(ms: number): string {
  return String(Math.floor(ms / 1000));
}
