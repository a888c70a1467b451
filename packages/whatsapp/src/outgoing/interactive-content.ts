import { z } from 'zod';
import { documentRefSchema, mediaRefSchema } from './media-content';
import { boundedText } from './text-limits';

const headerText = z.strictObject({ type: z.literal('text'), text: boundedText(1, 60) });
const footer = z.strictObject({ text: boundedText(1, 60) }).optional();

// An id Meta echoes back in the reply webhook; surrounding spaces are rejected by Meta.
function replyId(max: number) {
  return boundedText(1, max).refine((s) => s.trim() === s, { error: 'must not start or end with a space' });
}

function reportDuplicates(values: string[], label: string, pathOf: (i: number) => (string | number)[], ctx: z.RefinementCtx) {
  const seen = new Set<string>();
  values.forEach((value, i) => {
    if (seen.has(value)) ctx.addIssue({ code: 'custom', path: pathOf(i), message: `duplicate ${label} "${value}"` });
    seen.add(value);
  });
}

const replyButton = z.strictObject({
  type: z.literal('reply'),
  reply: z.strictObject({ id: replyId(256), title: boundedText(1, 20, { nonBlank: true }) }),
});

/** Interactive reply-button message: 1–3 buttons with unique ids and titles; text or media header. */
export const interactiveButtonSchema = z.strictObject({
  type: z.literal('button'),
  header: z
    .discriminatedUnion('type', [
      headerText,
      z.strictObject({ type: z.literal('image'), image: mediaRefSchema }),
      z.strictObject({ type: z.literal('video'), video: mediaRefSchema }),
      z.strictObject({ type: z.literal('document'), document: documentRefSchema }),
    ])
    .optional(),
  body: z.strictObject({ text: boundedText(1, 1024) }),
  footer,
  action: z.strictObject({
    buttons: z
      .array(replyButton)
      .min(1, { error: 'must hold at least one button' })
      .max(3, { error: 'must hold at most 3 buttons' })
      .superRefine((buttons, ctx) => {
        reportDuplicates(buttons.map((b) => b.reply.id), 'button id', (i) => [i, 'reply', 'id'], ctx);
        reportDuplicates(buttons.map((b) => b.reply.title), 'button title', (i) => [i, 'reply', 'title'], ctx);
      }),
  }),
});

const listRow = z.strictObject({
  id: replyId(200),
  title: boundedText(1, 24, { nonBlank: true }),
  description: boundedText(1, 72).optional(),
});
const listSection = z.strictObject({
  title: boundedText(1, 24).optional(),
  rows: z.array(listRow).min(1, { error: 'a section needs at least one row' }),
});

/** Interactive list message: button label ≤20, ≤10 sections, ≤10 rows in total with unique ids; text header only. */
export const interactiveListSchema = z.strictObject({
  type: z.literal('list'),
  header: headerText.optional(),
  body: z.strictObject({ text: boundedText(1, 4096) }),
  footer,
  action: z.strictObject({
    button: boundedText(1, 20, { nonBlank: true }),
    sections: z
      .array(listSection)
      .min(1, { error: 'must hold at least one section' })
      .max(10, { error: 'must hold at most 10 sections' })
      .superRefine((sections, ctx) => {
        const total = sections.reduce((n, s) => n + s.rows.length, 0);
        if (total > 10) ctx.addIssue({ code: 'custom', message: `must hold at most 10 rows in total, got ${total}` });
        if (sections.length > 1) {
          sections.forEach((s, i) => {
            if (s.title === undefined) {
              ctx.addIssue({ code: 'custom', path: [i, 'title'], message: 'is required when there is more than one section' });
            }
          });
        }
        const rowPaths = sections.flatMap((s, i) => s.rows.map((_, j) => [i, 'rows', j, 'id']));
        reportDuplicates(
          sections.flatMap((s) => s.rows.map((r) => r.id)),
          'row id',
          (k) => rowPaths[k] ?? [],
          ctx,
        );
      }),
  }),
});

/** `interactive` object of an interactive message, by `interactive.type`: reply buttons or a list. */
export const interactiveContentSchema = z.discriminatedUnion('type', [interactiveButtonSchema, interactiveListSchema]);

export type InteractiveButtonContent = z.infer<typeof interactiveButtonSchema>;
export type InteractiveListContent = z.infer<typeof interactiveListSchema>;
export type InteractiveContent = z.infer<typeof interactiveContentSchema>;
