import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGuardedConnector, toNodeLookup } from './guarded-connector';
import { UnsafeUrlError } from './safe-http-error';
import { createTestAllowList } from './test-allow-list';

afterEach(() => {
  vi.restoreAllMocks();
});

function connectOnce(
  connector: ReturnType<typeof createGuardedConnector>,
  hostname: string,
  port = '80',
  protocol = 'http:',
): Promise<Error | null> {
  return new Promise((resolve) => {
    connector({ hostname, host: hostname, protocol, port }, (err, socket) => {
      socket?.destroy();
      resolve(err);
    });
  });
}

describe('createGuardedConnector', () => {
  // Node's net.connect skips `lookup` for literal IPs, so a lookup-only guard
  // would let these through (postiz-app#1671); the connector must refuse them itself.
  it.each(['127.0.0.1', '169.254.169.254', '::1', '::ffff:7f00:1', '::ffff:a9fe:a9fe', '64:ff9b::7f00:1', '0.0.0.0', '10.1.2.3'])(
    'refuses the literal %s without opening a socket',
    async (ip) => {
      const connect = vi.spyOn(net, 'connect');
      const lookup = vi.fn(async () => [{ address: '93.184.215.14', family: 4 as const }]);
      const connector = createGuardedConnector({ lookup, allowList: createTestAllowList([]), connectTimeoutMs: 1000 });
      const err = await connectOnce(connector, ip);
      expect(err).toBeInstanceOf(UnsafeUrlError);
      expect((err as UnsafeUrlError).reason).toBe('private_address');
      expect(connect).not.toHaveBeenCalled();
      expect(lookup).not.toHaveBeenCalled();
    },
  );

  it('refuses a hostname when any resolved address is private', async () => {
    const lookup = vi.fn(async () => [
      { address: '93.184.215.14', family: 4 as const },
      { address: 'fd00::1', family: 6 as const },
    ]);
    const connector = createGuardedConnector({ lookup, allowList: createTestAllowList([]), connectTimeoutMs: 1000 });
    const err = await connectOnce(connector, 'mixed.example');
    expect(err).toMatchObject({ reason: 'private_address', address: 'fd00::1', addressKind: 'unique_local' });
    expect(lookup).toHaveBeenCalledWith('mixed.example');
  });

  it('guards TLS connections through the same lookup', async () => {
    const lookup = vi.fn(async () => [{ address: '169.254.169.254', family: 4 as const }]);
    const connector = createGuardedConnector({ lookup, allowList: createTestAllowList([]), connectTimeoutMs: 1000 });
    const err = await connectOnce(connector, 'metadata.example', '443', 'https:');
    expect(err).toMatchObject({ reason: 'private_address', addressKind: 'metadata' });
    expect(lookup).toHaveBeenCalledTimes(1);
  });
});

describe('toNodeLookup', () => {
  const lookup = async () => [
    { address: '93.184.215.14', family: 4 as const },
    { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 as const },
  ];
  const call = (check: boolean, options: object) =>
    new Promise<unknown[]>((resolve) => {
      toNodeLookup(lookup, check)('example.com', options, (...args: unknown[]) => resolve(args));
    });

  it('answers the all:true form with every address and the single form with the first of the wanted family', async () => {
    expect(await call(true, { all: true })).toEqual([null, [
      { address: '93.184.215.14', family: 4 },
      { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
    ]]);
    expect(await call(true, {})).toEqual([null, '93.184.215.14', 4]);
    expect(await call(true, { family: 6 })).toEqual([null, '2606:2800:21f:cb07:6820:80da:af6b:8b2c', 6]);
  });

  it('passes resolver errors through and refuses private answers only when checking', async () => {
    const failing = toNodeLookup(async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND x'), { code: 'ENOTFOUND' });
    }, true);
    const err = await new Promise((resolve) => failing('x', {}, (e) => resolve(e)));
    expect(err).toMatchObject({ code: 'ENOTFOUND' });
    const loop = async () => [{ address: '127.0.0.1', family: 4 as const }];
    const refused = await new Promise((resolve) => toNodeLookup(loop, true)('l', {}, (e) => resolve(e)));
    expect(refused).toBeInstanceOf(UnsafeUrlError);
    const trusted = await new Promise((resolve) => toNodeLookup(loop, false)('l', {}, (...a) => resolve(a)));
    expect(trusted).toEqual([null, '127.0.0.1', 4]);
  });
});
