import { z } from 'zod';
import type { FlowV1 } from '../document/flow-v1';
import { jsonValueSchema } from '../json-value';
import type { FlowEffect } from '../runtime/flow-effect';
import type { MessageContent } from '../runtime/flow-event';

/** What the bot says in a transcript: text as a string, interactive and other sends as small objects. */
export const transcriptBotLineSchema = z.union([
  z.string(),
  z.object({ body: z.string(), buttons: z.array(z.object({ id: z.string(), title: z.string() })) }),
  z.object({ body: z.string(), list: z.array(z.object({ id: z.string(), title: z.string() })) }),
  z.object({ media: z.string(), source: z.string(), caption: z.string().optional() }),
  z.object({ template: z.string(), parameters: z.array(z.string()) }),
  z.object({ handoff: z.string() }),
]);

/** A golden transcript (`examples/flows/<flow>.<case>.transcript.json`): user turns, what the bot answers, variables after. */
export const transcriptSchema = z.array(
  z.object({
    user: z.union([z.string(), z.object({ button: z.string() }), z.object({ list: z.string() })]),
    bot: z.array(transcriptBotLineSchema),
    variables: z.record(z.string(), jsonValueSchema).optional(),
    /** The session ends in this turn with this reason; absent = it must not end. */
    ended: z.string().optional(),
  }),
);

export type Transcript = z.infer<typeof transcriptSchema>;
export type TranscriptBotLine = z.infer<typeof transcriptBotLineSchema>;

function optionTitle(flow: FlowV1, id: string): string {
  for (const node of flow.nodes) {
    if (node.type === 'buttons') {
      const button = node.data.buttons.find((b) => b.id === id);
      if (button) return button.title;
    }
    if (node.type === 'list') {
      const row = node.data.sections.flatMap((s) => s.rows).find((r) => r.id === id);
      if (row) return row.title;
    }
  }
  return id;
}

/** The inbound content a transcript turn stands for (a tap carries the option's title, as WhatsApp sends it). */
export function transcriptUserContent(flow: FlowV1, user: Transcript[number]['user']): MessageContent {
  if (typeof user === 'string') return { type: 'text', body: user };
  if ('button' in user) return { type: 'button_reply', id: user.button, title: optionTitle(flow, user.button) };
  return { type: 'list_reply', id: user.list, title: optionTitle(flow, user.list) };
}

/** What a user would see from a turn's effects, in transcript form (sends and handoffs; other effects are not visible). */
export function transcriptBotLines(effects: FlowEffect[]): TranscriptBotLine[] {
  const lines: TranscriptBotLine[] = [];
  for (const effect of effects) {
    if (effect.type === 'handoff') lines.push({ handoff: effect.reason });
    if (effect.type !== 'send') continue;
    const message = effect.message;
    switch (message.type) {
      case 'text':
        lines.push(message.text.body);
        break;
      case 'interactive':
        if (message.interactive.type === 'button') {
          lines.push({ body: message.interactive.body.text, buttons: message.interactive.action.buttons.map((b) => b.reply) });
        } else {
          lines.push({
            body: message.interactive.body.text,
            list: message.interactive.action.sections.flatMap((s) => s.rows.map((r) => ({ id: r.id, title: r.title }))),
          });
        }
        break;
      case 'template':
        lines.push({
          template: message.template.name,
          parameters: (message.template.components ?? []).flatMap((c) => c.parameters.map((p) => p.text)),
        });
        break;
      case 'image':
      case 'video':
      case 'document': {
        const media = message.type === 'image' ? message.image : message.type === 'video' ? message.video : message.document;
        lines.push({ media: message.type, source: media.link ?? media.id ?? '', ...(media.caption ? { caption: media.caption } : {}) });
        break;
      }
      case 'audio':
        lines.push({ media: 'audio', source: message.audio.link ?? message.audio.id ?? '' });
        break;
    }
  }
  return lines;
}
