import type { BlockType, FlowNodeOf } from '@switchboard/flow-engine';
import type { ReactNode } from 'react';

const clip = (text: string | undefined, max = 90) => {
  const t = (text ?? '').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};
const Empty = ({ what }: { what: string }) => <span className="fb-preview-empty">No {what} yet</span>;
const Text = ({ value, what }: { value: string | undefined; what: string }) => (clip(value) ? <span>{clip(value)}</span> : <Empty what={what} />);

type Previews = { [K in BlockType]: (data: FlowNodeOf<K>['data']) => ReactNode };

/**
 * What each block shows on the canvas. One entry per block type, checked by
 * the compiler against the engine's list, so a new block cannot be forgotten.
 */
export const blockPreviews = {
  trigger: (d) => {
    const m = d.match;
    if (m.kind === 'any') return <span>Any first message</span>;
    if (m.kind === 'keyword') return <span>Keywords: {m.keywords.join(', ') || '—'}</span>;
    if (m.kind === 'regex') return <span className="mono">/{m.pattern}/</span>;
    return <span>Payloads: {m.payloads.join(', ') || '—'}</span>;
  },
  text: (d) => <Text value={d.text} what="text" />,
  media: (d) => (
    <span>
      {d.mediaType}
      {d.caption ? ` · ${clip(d.caption, 60)}` : ''}
      {!d.link && !d.mediaId ? ' · no file' : ''}
    </span>
  ),
  buttons: (d) => <Text value={d.body} what="message" />,
  list: (d) => (
    <span>
      <Text value={d.body} what="message" /> <span className="fb-chip">{d.buttonLabel}</span>
    </span>
  ),
  ask: (d) => (
    <span>
      <Text value={d.prompt} what="question" /> <span className="fb-chip">→ {d.variable || '?'} ({d.input.kind})</span>
    </span>
  ),
  condition: (d) => <span>{d.branches.map((b, i) => `${b.label ?? `Branch ${i + 1}`}: ${b.rules.map((r) => `${r.variable} ${r.operator} ${r.value}`).join(b.match === 'all' ? ' and ' : ' or ') || 'no rules'}`).join(' · ')}</span>,
  set_variable: (d) => (d.assignments.length ? <span className="mono">{d.assignments.map((a) => `${a.variable} = ${a.expression}`).join('; ')}</span> : <Empty what="assignments" />),
  http: (d) => (
    <span className="mono">
      {d.method} {clip(d.url, 50) || '(no URL)'}
    </span>
  ),
  ai: (d) => <Text value={d.instructions} what="instructions" />,
  template: (d) => (
    <span className="mono">
      {d.template.name} ({d.template.language})
    </span>
  ),
  wait: (d) => (
    <span>
      {d.amount} {d.unit}
    </span>
  ),
  handoff: (d) => <span>To a person: {d.reason}</span>,
  jump: (d) => <span>{d.target.kind === 'node' ? `Go to ${d.target.nodeId || '?'}` : `Flow ${d.target.flowId}`}</span>,
  end: (d) => <span>End: {d.reason}</span>,
} satisfies Previews;

/** The preview of any node, dispatched by its block type. */
export function previewOf(type: BlockType, data: unknown): ReactNode {
  try {
    return (blockPreviews[type] as (d: unknown) => ReactNode)(data);
  } catch {
    // Data the schema would refuse (mid-import) must not crash the canvas.
    return <span className="fb-preview-empty">Cannot preview</span>;
  }
}
