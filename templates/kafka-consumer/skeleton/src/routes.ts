/*
 * The consumer's only HTTP endpoints: the two Kubernetes probes.
 */
import type { Lifecycle } from './lifecycle';
import { Router, sendJson } from './router';

export function createRoutes(lifecycle: Lifecycle): Router {
  const router = new Router();

  // Liveness only proves the event loop answers. Kafka being unreachable is a readiness matter:
  // restarting every pod would not bring the brokers back.
  router.get('/healthz', ({ res }) => {
    sendJson(res, 200, { status: 'ok' });
  });

  router.get('/readyz', ({ res }) => {
    sendJson(res, lifecycle.isReady ? 200 : 503, { status: lifecycle.phase });
  });

  return router;
}
