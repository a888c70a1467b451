import { z } from 'zod';
import type { MessageContent } from '../runtime/flow-event';
import { compileRegex, regexMatches } from '../runtime/safe-regex';
import type { BlockDefinition, BlockFinding } from './block-definition';

const dataSchema = z.object({
  match: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('any') }),
    z.object({
      kind: z.literal('keyword'),
      keywords: z.array(z.string().trim().min(1)).min(1, { error: 'needs at least one keyword' }),
      mode: z.enum(['exact', 'contains']).default('exact'),
      caseSensitive: z.boolean().default(false),
    }),
    z.object({ kind: z.literal('regex'), pattern: z.string().min(1), flags: z.string().default('i') }),
    // Payload = the id of a tapped reply button or list row (template quick replies included).
    z.object({ kind: z.literal('payload'), payloads: z.array(z.string().min(1)).min(1) }),
  ]),
});
export type TriggerData = z.infer<typeof dataSchema>;

function textOf(content: MessageContent): string | undefined {
  if (content.type === 'text') return content.body;
  if (content.type === 'button_reply' || content.type === 'list_reply') return content.title;
  if (content.type === 'media') return content.caption;
  return undefined;
}

/** Whether an inbound message starts a session of a flow with this trigger. */
export function triggerMatches(data: TriggerData, content: MessageContent): boolean {
  const match = data.match;
  if (match.kind === 'any') return true;
  if (match.kind === 'payload') {
    return (content.type === 'button_reply' || content.type === 'list_reply') && match.payloads.includes(content.id);
  }
  const text = textOf(content);
  if (text === undefined) return false;
  if (match.kind === 'regex') return regexMatches(match.pattern, match.flags, text);
  const normalize = (s: string) => (match.caseSensitive ? s.trim() : s.trim().toLowerCase());
  const said = normalize(text);
  return match.keywords.some((keyword) =>
    match.mode === 'exact' ? said === normalize(keyword) : said.includes(normalize(keyword)),
  );
}

/** Trigger: the single entry of a flow; which first messages start a session. */
export const triggerBlock = {
  type: 'trigger',
  label: 'Start',
  category: 'start',
  dataSchema,
  defaultData: { match: { kind: 'any' } },
  pauses: false,
  sendsFreeForm: () => false,
  handles: () => [{ id: 'next', label: 'Start' }],
  reads: () => [],
  writes: () => [],
  run: () => ({ outcome: { kind: 'next', handle: 'next' } }),
  lint(data) {
    const findings: BlockFinding[] = [];
    if (data.match.kind === 'regex') {
      const regex = compileRegex(data.match.pattern, data.match.flags);
      if (typeof regex === 'string') findings.push({ severity: 'error', code: 'invalid_regex', message: `trigger pattern: ${regex}` });
    }
    return findings;
  },
} satisfies BlockDefinition<TriggerData, 'trigger'>;
