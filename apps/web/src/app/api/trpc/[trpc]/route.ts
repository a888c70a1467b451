import { createLogger } from '@switchboard/observability';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { createRequestContext } from '../../../../server/trpc/context';
import { appRouter } from '../../../../server/trpc/root';

const logger = createLogger({ service: 'web' });

function handler(req: Request): Promise<Response> {
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: createRequestContext,
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') {
        logger.error({ err: error.cause ?? error, path }, 'trpc procedure failed');
      }
    },
  });
}

export { handler as GET, handler as POST };
