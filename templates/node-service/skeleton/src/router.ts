/*
 * A deliberately tiny router: exact paths with `:name` segments, which is all a small service
 * needs and keeps the request path free of framework code to learn or patch.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export type Params = Readonly<Record<string, string>>;

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: Params;
}

export type Handler = (ctx: RequestContext) => void | Promise<void>;

/** Thrown by handlers to answer with a JSON error body instead of a 500. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export type RouteMatch =
  | { kind: 'found'; handler: Handler; params: Params; route: string }
  | { kind: 'method-not-allowed'; allow: readonly string[] }
  | { kind: 'not-found' };

interface Route {
  method: string;
  /** The path as registered, `:name` segments and all: what traces and metrics group by. */
  path: string;
  segments: readonly string[];
  handler: Handler;
}

export class Router {
  private readonly routes: Route[] = [];

  get(path: string, handler: Handler): this {
    return this.add('GET', path, handler);
  }

  post(path: string, handler: Handler): this {
    return this.add('POST', path, handler);
  }

  add(method: string, path: string, handler: Handler): this {
    this.routes.push({ method: method.toUpperCase(), path, segments: split(path), handler });
    return this;
  }

  match(method: string, pathname: string): RouteMatch {
    const segments = split(pathname);
    const allow = new Set<string>();
    for (const route of this.routes) {
      const params = matchSegments(route.segments, segments);
      if (!params) {
        continue;
      }
      // HEAD is answered by the GET handler; node:http drops the body for it.
      if (route.method === method || (method === 'HEAD' && route.method === 'GET')) {
        return { kind: 'found', handler: route.handler, params, route: route.path };
      }
      allow.add(route.method);
      if (route.method === 'GET') {
        allow.add('HEAD');
      }
    }
    return allow.size > 0 ? { kind: 'method-not-allowed', allow: [...allow] } : { kind: 'not-found' };
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    'cache-control': 'no-store',
  });
  res.end(payload);
}

export function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { error: { code, message } });
}

function split(path: string): string[] {
  return path.split('/').filter(segment => segment.length > 0);
}

function matchSegments(pattern: readonly string[], actual: readonly string[]): Params | undefined {
  if (pattern.length !== actual.length) {
    return undefined;
  }
  const params: Record<string, string> = {};
  for (const [index, part] of pattern.entries()) {
    const value = actual[index] ?? '';
    if (part.startsWith(':')) {
      try {
        params[part.slice(1)] = decodeURIComponent(value);
      } catch {
        throw new HttpError(400, 'bad_request', `Path segment "${value}" is not valid percent-encoding`);
      }
    } else if (part !== value) {
      return undefined;
    }
  }
  return params;
}
