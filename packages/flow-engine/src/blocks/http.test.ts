import { describe, expect, it } from 'vitest';
import { anyTrigger, buildFlow, Conversation, texts } from '../test-support/build-flow';
import { httpBlock, httpMaxResponseBytes } from './http';

const request = {
  method: 'POST',
  url: 'https://api.example.com/leads?email={{email}}',
  headers: [{ name: 'Authorization', value: 'Bearer {{token}}' }],
  body: '{"note": "{{note}}"}',
  timeoutMs: 5000,
  responseMapping: [{ variable: 'leadId', path: '$.data.id' }, { variable: 'firstTag', path: 'data.tags[0]' }, { variable: 'missing', path: '$.nope' }],
  statusVariable: 'status',
};

function flowWith(data: unknown, connectError = true) {
  return buildFlow(
    [anyTrigger, ['h', 'http', data], ['ok', 'text', { text: 'ok {{leadId}} {{firstTag}}' }], ['ko', 'text', { text: 'failed {{status}}' }]],
    [['start', 'next', 'h'], ['h', 'success', 'ok'], ...(connectError ? ([['h', 'error', 'ko']] as [string, string, string][]) : [])],
    { variables: [{ name: 'email', default: 'a+b@x.io' }, { name: 'token', default: 't0k' }, { name: 'note', default: 'say "hi"' }] },
  );
}

describe('http block', () => {
  it('emits an http effect with templated, escaped URL, headers and JSON body, and waits', () => {
    const chat = new Conversation(flowWith(request));
    const { effects, session } = chat.say('x');
    expect(effects).toEqual([
      {
        type: 'http',
        nodeId: 'h',
        request: {
          method: 'POST',
          url: 'https://api.example.com/leads?email=a%2Bb%40x.io',
          headers: { authorization: 'Bearer t0k', 'content-type': 'application/json' },
          body: '{"note": "say \\"hi\\""}',
          timeoutMs: 5000,
          maxResponseBytes: httpMaxResponseBytes,
        },
      },
    ]);
    expect(JSON.parse((effects[0] as { request: { body: string } }).request.body)).toEqual({ note: 'say "hi"' });
    expect(session?.waitingFor).toEqual({ kind: 'http', nodeId: 'h' });
  });

  it('maps response fields into variables and takes `success`', () => {
    const chat = new Conversation(flowWith(request));
    chat.say('x');
    const result = chat.send({ type: 'http_result', nodeId: 'h', status: 201, body: { data: { id: 7, tags: ['vip'] } } });
    expect(result.session?.variables).toMatchObject({ leadId: 7, firstTag: 'vip', missing: null, status: 201 });
    expect(texts(result.effects)).toEqual(['ok 7 vip']);
  });

  it('takes `error` on a non-2xx status or a network error', () => {
    const chat = new Conversation(flowWith(request));
    chat.say('x');
    expect(texts(chat.send({ type: 'http_result', status: 503 }).effects)).toEqual(['failed 503']);
    const other = new Conversation(flowWith(request));
    other.say('x');
    const result = other.send({ type: 'http_result', error: 'timeout after 5000 ms' });
    expect(result.effects.find((e) => e.type === 'log')).toMatchObject({ code: 'http_error', message: 'timeout after 5000 ms' });
    expect(texts(result.effects)).toEqual(['failed ']);
  });

  it('ends with http_error when the error edge is missing', () => {
    const chat = new Conversation(flowWith(request, false));
    chat.say('x');
    expect(chat.send({ type: 'http_result', status: 500 }).session).toMatchObject({ status: 'ended', endReason: 'http_error' });
  });

  it('sends no body on GET', () => {
    const chat = new Conversation(flowWith({ ...request, method: 'GET' }));
    const effect = chat.say('x').effects[0];
    expect(effect?.type === 'http' && effect.request).toEqual(expect.not.objectContaining({ body: expect.anything() }));
  });

  it('lints URL, JSON paths, body and the error edge', () => {
    const codes = (data: unknown, connected = ['success', 'error']) =>
      httpBlock
        .lint(httpBlock.dataSchema.parse(data), { connectedHandles: new Set(connected), nodeIds: new Set(), variableTypes: new Map() })
        .map((f) => f.code);
    expect(codes(request)).toEqual([]);
    expect(codes({ url: 'file:///etc/passwd' })).toEqual(['invalid_url']);
    expect(codes({ url: 'https://x.io', responseMapping: [{ variable: 'v', path: '$..x' }] })).toEqual(['invalid_json_path']);
    expect(codes({ url: 'https://x.io', body: '{}' })).toEqual(['body_ignored']);
    expect(codes({ url: 'https://x.io', method: 'POST', body: '{"a": {{n}}' })).toEqual(['invalid_json_body']);
    expect(codes({ url: 'https://x.io' }, ['success'])).toEqual(['unconnected_handle']);
  });
});
