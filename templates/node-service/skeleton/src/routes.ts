/*
 * The service's endpoints: the two Kubernetes probes and the example API. Add yours here.
 */
import { HttpError, Router, sendJson } from './router';
import type { Lifecycle } from './lifecycle';

const MAX_NAME_LENGTH = 64;

export function createRoutes(lifecycle: Lifecycle): Router {
  const router = new Router();

  // Liveness only proves the event loop answers; it must not depend on anything downstream, or a
  // slow dependency would get every pod restarted at once.
  router.get('/healthz', ({ res }) => {
    sendJson(res, 200, { status: 'ok' });
  });

  router.get('/readyz', ({ res }) => {
    sendJson(res, lifecycle.isReady ? 200 : 503, {
      status: lifecycle.isReady ? 'ready' : lifecycle.phase,
    });
  });

  router.get('/v1/greetings/:name', ({ res, params }) => {
    const name = (params.name ?? '').trim();
    if (name.length === 0 || name.length > MAX_NAME_LENGTH) {
      throw new HttpError(
        400,
        'invalid_name',
        `name must be 1 to ${MAX_NAME_LENGTH} characters long`,
      );
    }
    sendJson(res, 200, { greeting: `Hello, ${name}!` });
  });

  return router;
}
