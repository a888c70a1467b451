import { z } from 'zod';

// The Cloud API's own message shapes (`{ type, <type>: {...} }`), so the worker can send an effect's
// message as-is. Limits are checked by the linter before publish and again by @switchboard/whatsapp at send.

const mediaRef = z.object({ link: z.string().optional(), id: z.string().optional() });

/** A template send: approved name, language, body parameters. */
export const templateMessageSchema = z.object({
  type: z.literal('template'),
  template: z.object({
    name: z.string(),
    language: z.object({ code: z.string() }),
    components: z
      .array(
        z.object({
          type: z.literal('body'),
          parameters: z.array(z.object({ type: z.literal('text'), text: z.string() })),
        }),
      )
      .optional(),
  }),
});

/** A message the engine asks the worker to send, in Cloud API form without the envelope (`to`, …). */
export const outgoingMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.object({ body: z.string(), preview_url: z.boolean().optional() }) }),
  z.object({ type: z.literal('image'), image: mediaRef.extend({ caption: z.string().optional() }) }),
  z.object({ type: z.literal('video'), video: mediaRef.extend({ caption: z.string().optional() }) }),
  z.object({ type: z.literal('audio'), audio: mediaRef }),
  z.object({
    type: z.literal('document'),
    document: mediaRef.extend({ caption: z.string().optional(), filename: z.string().optional() }),
  }),
  z.object({
    type: z.literal('interactive'),
    interactive: z.discriminatedUnion('type', [
      z.object({
        type: z.literal('button'),
        header: z.object({ type: z.literal('text'), text: z.string() }).optional(),
        body: z.object({ text: z.string() }),
        footer: z.object({ text: z.string() }).optional(),
        action: z.object({
          buttons: z.array(z.object({ type: z.literal('reply'), reply: z.object({ id: z.string(), title: z.string() }) })),
        }),
      }),
      z.object({
        type: z.literal('list'),
        header: z.object({ type: z.literal('text'), text: z.string() }).optional(),
        body: z.object({ text: z.string() }),
        footer: z.object({ text: z.string() }).optional(),
        action: z.object({
          button: z.string(),
          sections: z.array(
            z.object({
              title: z.string().optional(),
              rows: z.array(z.object({ id: z.string(), title: z.string(), description: z.string().optional() })),
            }),
          ),
        }),
      }),
    ]),
  }),
  templateMessageSchema,
]);

export type OutgoingMessage = z.infer<typeof outgoingMessageSchema>;
export type TemplateMessage = z.infer<typeof templateMessageSchema>;
