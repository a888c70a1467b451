import { z } from 'zod';
import { whatsappLimits } from '../limits';
import { interpolate, referencedVariables } from '../runtime/interpolate';
import type { OutgoingMessage } from '../runtime/outgoing-message';
import type { BlockDefinition, BlockFinding, BlockResult, RunContext } from './block-definition';
import { freeFormSend, templateReads, templateRefSchema, windowClosedResult } from './free-form';
import { checkConnected, checkLength, checkNotEmpty, checkUnique, clip } from './lint-helpers';
import { pickOption } from './reply-matching';

const dataSchema = z.object({
  body: z.string(),
  header: z.string().optional(),
  footer: z.string().optional(),
  buttons: z.array(z.object({ id: z.string(), title: z.string() })),
  fallbackTemplate: templateRefSchema.optional(),
});
export type ButtonsData = z.infer<typeof dataSchema>;

const buttonHandle = (id: string) => `button:${id}`;

function buttonsMessage(data: ButtonsData, render: (s: string) => string): OutgoingMessage {
  const header = data.header ? render(data.header) : '';
  const footer = data.footer ? render(data.footer) : '';
  return {
    type: 'interactive',
    interactive: {
      type: 'button',
      ...(header.trim() ? { header: { type: 'text' as const, text: clip(header, whatsappLimits.headerText) } } : {}),
      body: { text: clip(render(data.body), whatsappLimits.interactiveBody) },
      ...(footer.trim() ? { footer: { text: clip(footer, whatsappLimits.footerText) } } : {}),
      action: { buttons: data.buttons.map((b) => ({ type: 'reply' as const, reply: { id: b.id, title: b.title } })) },
    },
  };
}

function ask(ctx: RunContext<ButtonsData>): BlockResult {
  const effect = freeFormSend(ctx, buttonsMessage(ctx.data, (s) => interpolate(s, ctx.variables)), ctx.data.fallbackTemplate);
  if (!effect) return windowClosedResult(ctx.nodeId);
  return { effects: [effect], outcome: { kind: 'wait', waitingFor: { kind: 'input' } } };
}

/** Buttons: 1–3 reply buttons; each button is an output handle, plus `fallback` for any other reply. */
export const buttonsBlock = {
  type: 'buttons',
  label: 'Buttons',
  category: 'input',
  dataSchema,
  defaultData: { body: '', buttons: [{ id: 'option_1', title: 'Option 1' }] },
  pauses: true,
  sendsFreeForm: (data) => data.fallbackTemplate === undefined,
  handles: (data) => [
    ...data.buttons.map((b) => ({ id: buttonHandle(b.id), label: b.title })),
    { id: 'fallback', label: 'Other reply' },
  ],
  reads: (data) => [data.body, data.header ?? '', data.footer ?? ''].flatMap(referencedVariables).concat(templateReads(data.fallbackTemplate)),
  writes: () => [],
  run: ask,
  resume(ctx) {
    if (ctx.event.type !== 'message') return { outcome: { kind: 'wait', waitingFor: ctx.waitingFor } };
    const picked = pickOption(ctx.event.content, ctx.data.buttons);
    if (picked !== undefined) return { outcome: { kind: 'next', handle: buttonHandle(picked) } };
    if (ctx.connectedHandles.has('fallback')) return { outcome: { kind: 'next', handle: 'fallback' } };
    // No fallback path: show the buttons again rather than end the conversation on a typo.
    return ask(ctx);
  },
  lint(data, ctx) {
    const findings: BlockFinding[] = [];
    checkNotEmpty(findings, data.body, 'body');
    checkLength(findings, data.body, whatsappLimits.interactiveBody, 'body_too_long', 'body');
    checkLength(findings, data.header, whatsappLimits.headerText, 'header_too_long', 'header');
    checkLength(findings, data.footer, whatsappLimits.footerText, 'footer_too_long', 'footer');
    if (data.buttons.length === 0) findings.push({ severity: 'error', code: 'no_buttons', message: 'add at least one button' });
    if (data.buttons.length > whatsappLimits.buttonsMax) {
      findings.push({
        severity: 'error',
        code: 'too_many_buttons',
        message: `${data.buttons.length} buttons; WhatsApp allows ${whatsappLimits.buttonsMax} (use a list for more)`,
      });
    }
    for (const button of data.buttons) {
      if (button.title.trim() === '') findings.push({ severity: 'error', code: 'empty_button_title', message: 'a button has no title' });
      checkLength(findings, button.title, whatsappLimits.buttonTitle, 'button_title_too_long', `button "${button.title}"`);
      if (button.id.trim() === '' || button.id.trim() !== button.id) {
        findings.push({ severity: 'error', code: 'invalid_button_id', message: `button id "${button.id}" is empty or has surrounding spaces` });
      }
      checkLength(findings, button.id, whatsappLimits.buttonId, 'button_id_too_long', `button id "${button.id}"`);
    }
    checkUnique(findings, data.buttons.map((b) => b.id), 'duplicate_button_id', 'button id');
    checkUnique(findings, data.buttons.map((b) => b.title), 'duplicate_button_title', 'button title');
    checkConnected(findings, ctx.connectedHandles, data.buttons.map((b) => ({ id: buttonHandle(b.id), label: b.title })));
    return findings;
  },
} satisfies BlockDefinition<ButtonsData, 'buttons'>;
