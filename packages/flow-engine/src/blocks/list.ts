import { z } from 'zod';
import { whatsappLimits } from '../limits';
import { interpolate, referencedVariables } from '../runtime/interpolate';
import type { OutgoingMessage } from '../runtime/outgoing-message';
import type { BlockDefinition, BlockFinding, BlockResult, RunContext } from './block-definition';
import { freeFormSend, templateReads, templateRefSchema, windowClosedResult } from './free-form';
import { checkConnected, checkLength, checkNotEmpty, checkUnique, clip } from './lint-helpers';
import { pickOption } from './reply-matching';

const rowSchema = z.object({ id: z.string(), title: z.string(), description: z.string().optional() });
const dataSchema = z.object({
  body: z.string(),
  header: z.string().optional(),
  footer: z.string().optional(),
  buttonLabel: z.string(),
  sections: z.array(z.object({ title: z.string().optional(), rows: z.array(rowSchema) })),
  fallbackTemplate: templateRefSchema.optional(),
});
export type ListData = z.infer<typeof dataSchema>;

const rowHandle = (id: string) => `row:${id}`;
const rowsOf = (data: ListData) => data.sections.flatMap((s) => s.rows);

function listMessage(data: ListData, render: (s: string) => string): OutgoingMessage {
  const header = data.header ? render(data.header) : '';
  const footer = data.footer ? render(data.footer) : '';
  return {
    type: 'interactive',
    interactive: {
      type: 'list',
      ...(header.trim() ? { header: { type: 'text' as const, text: clip(header, whatsappLimits.headerText) } } : {}),
      body: { text: clip(render(data.body), whatsappLimits.listBody) },
      ...(footer.trim() ? { footer: { text: clip(footer, whatsappLimits.footerText) } } : {}),
      action: {
        button: data.buttonLabel,
        sections: data.sections.map((s) => ({
          ...(s.title ? { title: s.title } : {}),
          rows: s.rows.map((r) => ({ id: r.id, title: r.title, ...(r.description ? { description: r.description } : {}) })),
        })),
      },
    },
  };
}

function ask(ctx: RunContext<ListData>): BlockResult {
  const effect = freeFormSend(ctx, listMessage(ctx.data, (s) => interpolate(s, ctx.variables)), ctx.data.fallbackTemplate);
  if (!effect) return windowClosedResult(ctx.nodeId);
  return { effects: [effect], outcome: { kind: 'wait', waitingFor: { kind: 'input' } } };
}

/** List: up to 10 rows in sections behind a button; each row is an output handle, plus `fallback`. */
export const listBlock = {
  type: 'list',
  label: 'List',
  category: 'input',
  dataSchema,
  defaultData: { body: '', buttonLabel: 'Choose', sections: [{ rows: [{ id: 'row_1', title: 'Row 1' }] }] },
  pauses: true,
  sendsFreeForm: (data) => data.fallbackTemplate === undefined,
  handles: (data) => [...rowsOf(data).map((r) => ({ id: rowHandle(r.id), label: r.title })), { id: 'fallback', label: 'Other reply' }],
  reads: (data) => [data.body, data.header ?? '', data.footer ?? ''].flatMap(referencedVariables).concat(templateReads(data.fallbackTemplate)),
  writes: () => [],
  run: ask,
  resume(ctx) {
    if (ctx.event.type !== 'message') return { outcome: { kind: 'wait', waitingFor: ctx.waitingFor } };
    const picked = pickOption(ctx.event.content, rowsOf(ctx.data));
    if (picked !== undefined) return { outcome: { kind: 'next', handle: rowHandle(picked) } };
    if (ctx.connectedHandles.has('fallback')) return { outcome: { kind: 'next', handle: 'fallback' } };
    return ask(ctx);
  },
  lint(data, ctx) {
    const findings: BlockFinding[] = [];
    const rows = rowsOf(data);
    checkNotEmpty(findings, data.body, 'body');
    checkLength(findings, data.body, whatsappLimits.listBody, 'body_too_long', 'body');
    checkLength(findings, data.header, whatsappLimits.headerText, 'header_too_long', 'header');
    checkLength(findings, data.footer, whatsappLimits.footerText, 'footer_too_long', 'footer');
    if (data.buttonLabel.trim() === '') findings.push({ severity: 'error', code: 'empty_list_button', message: 'the list button has no label' });
    checkLength(findings, data.buttonLabel, whatsappLimits.listButtonLabel, 'list_button_too_long', 'list button label');
    if (rows.length === 0) findings.push({ severity: 'error', code: 'no_list_rows', message: 'add at least one row' });
    if (rows.length > whatsappLimits.listRowsMax) {
      findings.push({ severity: 'error', code: 'too_many_list_rows', message: `${rows.length} rows; WhatsApp allows ${whatsappLimits.listRowsMax} in total` });
    }
    if (data.sections.length > whatsappLimits.listSectionsMax) {
      findings.push({ severity: 'error', code: 'too_many_list_sections', message: `${data.sections.length} sections; WhatsApp allows ${whatsappLimits.listSectionsMax}` });
    }
    for (const section of data.sections) {
      checkLength(findings, section.title, whatsappLimits.listSectionTitle, 'list_section_title_too_long', `section "${section.title ?? ''}"`);
      if (data.sections.length > 1 && !section.title?.trim()) {
        findings.push({ severity: 'error', code: 'list_section_title_missing', message: 'each section needs a title when there are several' });
      }
    }
    for (const row of rows) {
      if (row.title.trim() === '') findings.push({ severity: 'error', code: 'empty_list_row_title', message: 'a row has no title' });
      checkLength(findings, row.title, whatsappLimits.listRowTitle, 'list_row_title_too_long', `row "${row.title}"`);
      checkLength(findings, row.description, whatsappLimits.listRowDescription, 'list_row_description_too_long', `description of row "${row.title}"`);
      if (row.id.trim() === '' || row.id.trim() !== row.id) {
        findings.push({ severity: 'error', code: 'invalid_list_row_id', message: `row id "${row.id}" is empty or has surrounding spaces` });
      }
      checkLength(findings, row.id, whatsappLimits.listRowId, 'list_row_id_too_long', `row id "${row.id}"`);
    }
    checkUnique(findings, rows.map((r) => r.id), 'duplicate_list_row_id', 'row id');
    checkConnected(findings, ctx.connectedHandles, rows.map((r) => ({ id: rowHandle(r.id), label: r.title })));
    return findings;
  },
} satisfies BlockDefinition<ListData, 'list'>;
