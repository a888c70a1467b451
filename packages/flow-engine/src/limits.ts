// Meta's Cloud API limits, duplicated here on purpose: the engine imports zod only, so it cannot
// depend on @switchboard/whatsapp (whose send schemas enforce the same numbers at send time).

/** WhatsApp Cloud API limits the linter checks flows against. */
export const whatsappLimits = {
  textBody: 4096,
  caption: 1024,
  interactiveBody: 1024,
  listBody: 4096,
  headerText: 60,
  footerText: 60,
  buttonsMax: 3,
  buttonTitle: 20,
  buttonId: 256,
  listButtonLabel: 20,
  listRowsMax: 10,
  listSectionsMax: 10,
  listSectionTitle: 24,
  listRowTitle: 24,
  listRowDescription: 72,
  listRowId: 200,
  /** The customer service window in which free-form messages may be sent. */
  serviceWindowMs: 24 * 60 * 60 * 1000,
} as const;

/** Counts characters as Meta does: one per code point, so an emoji counts once. */
export function charLength(value: string): number {
  let count = 0;
  for (const _char of value) count += 1;
  return count;
}
