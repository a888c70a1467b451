// Small flow documents for the bot runtime's integration tests.

type Node = { id: string; type: string; data: Record<string, unknown> };
type Edge = [source: string, target: string, handle?: string];

/** Builds a version-1 flow document from nodes and [source, target, handle] edges. */
export function flowDocument(name: string, nodes: Node[], edges: Edge[], variables: string[] = []) {
  return {
    version: 1,
    name,
    variables: variables.map((v) => ({ name: v, type: 'string' })),
    triggers: { restartKeywords: [] },
    nodes: nodes.map((n, i) => ({ ...n, position: { x: 0, y: i * 100 } })),
    edges: edges.map(([source, target, handle], i) => ({ id: `e${i}`, source, sourceHandle: handle ?? 'next', target })),
  };
}

const trigger: Node = { id: 'start', type: 'trigger', data: { match: { kind: 'any' } } };

/** Asks for a line, answers `1:<line>` then `2:<line>`, and asks again: shows ordering per turn. */
export const echoFlow = flowDocument(
  'echo',
  [
    trigger,
    { id: 'ask', type: 'ask', data: { prompt: 'ready', variable: 'said', input: { kind: 'text' }, retryPrompt: 'again' } },
    { id: 'one', type: 'text', data: { text: '1:{{said}}' } },
    { id: 'two', type: 'text', data: { text: '2:{{said}}' } },
    { id: 'loop', type: 'jump', data: { target: { kind: 'node', nodeId: 'ask' } } },
  ],
  [['start', 'ask'], ['ask', 'one'], ['one', 'two'], ['two', 'loop']],
  ['said'],
);

/** Says it is working, calls `url` (JSON `{ value }`), then says what came back. */
export function httpFlow(url: string) {
  return flowDocument(
    'http',
    [
      trigger,
      { id: 'working', type: 'text', data: { text: 'working on it' } },
      { id: 'call', type: 'http', data: { method: 'GET', url, timeoutMs: 20_000, responseMapping: [{ variable: 'value', path: 'value' }] } },
      { id: 'done', type: 'text', data: { text: 'done: {{value}}' } },
      { id: 'failed', type: 'text', data: { text: 'failed' } },
    ],
    [['start', 'working'], ['working', 'call'], ['call', 'done', 'success'], ['call', 'failed', 'error']],
    ['value'],
  );
}

/** Answers, waits an hour, then writes again — with a fallback template when `fallback` is set. */
export function waitFlow(fallback?: string) {
  return flowDocument(
    'wait',
    [
      trigger,
      { id: 'before', type: 'text', data: { text: 'see you in an hour' } },
      { id: 'pause', type: 'wait', data: { amount: 1, unit: 'hours' } },
      {
        id: 'after',
        type: 'text',
        data: { text: 'an hour later', ...(fallback ? { fallbackTemplate: { name: fallback, language: 'en', parameters: [] } } : {}) },
      },
    ],
    [['start', 'before'], ['before', 'pause'], ['pause', 'after']],
  );
}

/** An AI step (no provider configured yet): its error edge answers. */
export const aiFlow = flowDocument(
  'ai',
  [
    trigger,
    { id: 'think', type: 'ai', data: { instructions: 'Be brief.', prompt: 'Say hi', mode: 'store', outputVariable: 'answer' } },
    { id: 'ok', type: 'text', data: { text: 'ai said {{answer}}' } },
    { id: 'no_ai', type: 'text', data: { text: 'no AI here' } },
  ],
  [['start', 'think'], ['think', 'ok', 'success'], ['think', 'no_ai', 'error']],
  ['answer'],
);
