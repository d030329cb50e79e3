/*
 * The HTTP server around the router: JSON error bodies, one access-log line per request, and a
 * graceful close that lets in-flight requests finish.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { trace } from '@opentelemetry/api';
import type { Lifecycle } from './lifecycle';
import type { Logger } from './logger';
import { HttpError, type Router, sendError } from './router';

const PROBE_PATHS = new Set(['/healthz', '/readyz']);
const IDLE_SWEEP_INTERVAL_MS = 50;

export interface ServerOptions {
  router: Router;
  lifecycle: Lifecycle;
  logger: Logger;
}

export function createServer({ router, lifecycle, logger }: ServerOptions): http.Server {
  return http.createServer((req, res) => {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://localhost');
    res.on('finish', () => {
      const fields = {
        method: req.method,
        path: url.pathname,
        status: res.statusCode,
        duration_ms: Math.round((performance.now() - started) * 10) / 10,
      };
      // Probes arrive every few seconds from every kubelet; keep them out of the info stream.
      if (PROBE_PATHS.has(url.pathname)) {
        logger.debug('request', fields);
      } else {
        logger.info('request', fields);
      }
    });
    if (lifecycle.phase === 'stopping') {
      // Requests still arriving on a kept-alive connection get answered, but the client is told to
      // reconnect, which lands it on a pod that is not shutting down.
      res.setHeader('connection', 'close');
    }
    void dispatch(router, logger, req, res, url);
  });
}

/**
 * The HTTP instrumentation names a server span after the method alone, so every request would
 * land in one "GET" operation. Naming it after the route template (never the raw path, which
 * would make one operation per greeting) gives per-endpoint rates, errors and latencies.
 */
function nameServerSpan(method: string, route: string): void {
  const span = trace.getActiveSpan();
  span?.setAttribute('http.route', route);
  span?.updateName(`${method} ${route}`);
}

async function dispatch(
  router: Router,
  logger: Logger,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
): Promise<void> {
  const method = req.method ?? 'GET';
  try {
    const match = router.match(method, url.pathname);
    if (match.kind === 'not-found') {
      sendError(res, 404, 'not_found', `No route for ${method} ${url.pathname}`);
      return;
    }
    if (match.kind === 'method-not-allowed') {
      res.setHeader('allow', match.allow.join(', '));
      sendError(res, 405, 'method_not_allowed', `${method} is not allowed on ${url.pathname}`);
      return;
    }
    nameServerSpan(method, match.route);
    await match.handler({ req, res, url, params: match.params });
  } catch (error) {
    if (error instanceof HttpError) {
      sendError(res, error.status, error.code, error.message);
      return;
    }
    logger.error('request failed', { method, path: url.pathname, err: error });
    if (res.headersSent) {
      // Part of a response is already on the wire; cutting the connection is the only honest signal.
      res.destroy();
    } else {
      sendError(res, 500, 'internal_error', 'Internal server error');
    }
  }
}

export function listen(server: http.Server, port: number, host?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

export type CloseOutcome = 'drained' | 'timed-out';

/**
 * Stops accepting connections and waits for in-flight requests. Whatever is still running after
 * `timeoutMs` has its connection closed, so shutdown always ends before Kubernetes' SIGKILL.
 */
export async function closeGracefully(server: http.Server, timeoutMs: number): Promise<CloseOutcome> {
  const closed = new Promise<void>(resolve => {
    server.close(() => resolve());
  });
  // close() ends only the connections idle at this moment. A kept-alive connection whose request
  // finishes later would stay open until the client's own keep-alive timeout, so sweep again.
  server.closeIdleConnections();
  const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_INTERVAL_MS);

  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<CloseOutcome>(resolve => {
    timer = setTimeout(() => resolve('timed-out'), timeoutMs);
  });
  const outcome = await Promise.race([closed.then((): CloseOutcome => 'drained'), deadline]);
  clearTimeout(timer);
  clearInterval(sweep);
  if (outcome === 'timed-out') {
    server.closeAllConnections();
    await closed;
  }
  return outcome;
}
