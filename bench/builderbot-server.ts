// Stock BuilderBot (@builderbot/bot + @builderbot/provider-meta, in-memory
// database) answering `hi` with `hello`, for the issue-5 comparison. Its
// provider hard-codes https://graph.facebook.com; an axios request
// interceptor on the axios instance the provider itself loads points it at
// the sandbox. Nothing else is changed (its send queue stays as shipped).
// Usage: node --import tsx bench/builderbot-server.ts <port> <sandboxBase> <phoneNumberId> <accessToken>
import { createRequire } from 'node:module';
import { addKeyword, createBot, createFlow, createProvider, MemoryDB } from '@builderbot/bot';
import { MetaProvider } from '@builderbot/provider-meta';

const [port = '3951', sandboxBase = 'http://127.0.0.1:3931', numberId = '', jwtToken = ''] = process.argv.slice(2);

// The provider's CommonJS `require('axios')`: the same module instance, so the interceptor applies.
const requireFromProvider = createRequire(require_resolve('@builderbot/provider-meta'));
const axios = requireFromProvider('axios') as {
  interceptors: { request: { use(fn: (config: { url?: string }) => { url?: string }): void } };
};
axios.interceptors.request.use((config) => {
  if (config.url?.startsWith('https://graph.facebook.com')) config.url = sandboxBase + config.url.slice('https://graph.facebook.com'.length);
  return config;
});

const helloFlow = addKeyword<typeof MetaProvider>(['hi']).addAnswer('hello');
const provider = createProvider(MetaProvider, { jwtToken, numberId, verifyToken: 'bench-verify', version: 'v24.0' });
const { httpServer } = await createBot({ flow: createFlow([helloFlow]), provider, database: new MemoryDB() });
httpServer(Number(port));

function require_resolve(specifier: string): string {
  return createRequire(import.meta.url).resolve(specifier);
}

process.once('SIGTERM', () => process.exit(0));
