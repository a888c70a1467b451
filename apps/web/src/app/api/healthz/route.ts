// Liveness only: the process is up and serving. Readiness (database) is
// observed through the pages themselves and apps/api's /readyz.
export const dynamic = 'force-dynamic';

export function GET(): Response {
  return Response.json({ status: 'ok', service: 'web' });
}
