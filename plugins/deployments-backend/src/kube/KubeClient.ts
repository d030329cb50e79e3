import { KubeConfig } from '@kubernetes/client-node';
import https from 'node:https';
import http from 'node:http';
import fs from 'node:fs';
import { ClusterConfig } from '../config';

/** A non-2xx answer from the API server, with its Status body when it sent one. */
export class KubeApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly status: KubeStatus | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'KubeApiError';
  }
}

/** The API server could not be reached or did not answer in time. */
export class KubeConnectionError extends Error {
  constructor(readonly server: string, readonly code: string, message: string) {
    super(message);
    this.name = 'KubeConnectionError';
  }
}

export interface KubeStatus {
  kind?: string;
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    causes?: Array<{ reason?: string; message?: string; field?: string }>;
  };
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * Raw JSON requests to one cluster's API server. Credentials come from @kubernetes/client-node's
 * KubeConfig (kubeconfig files, tokens, in-cluster); the requests themselves stay plain so the
 * diff, the apply and the watch see exactly what the server sent.
 *
 * A kubeconfig file is read again when it changes: a local cluster restarted on a new port
 * rewrites it, and the portal should follow without a restart.
 */
export class KubeClient {
  private kubeConfig?: KubeConfig;
  private loadedMtimeMs = -1;

  constructor(readonly cluster: ClusterConfig) {}

  private load(): KubeConfig {
    const auth = this.cluster.auth;
    if (auth.type === 'kubeconfig') {
      let mtimeMs: number;
      try {
        mtimeMs = fs.statSync(auth.path).mtimeMs;
      } catch (e) {
        throw new KubeConnectionError(
          auth.path,
          'KUBECONFIG',
          `Cluster "${this.cluster.name}": cannot read its kubeconfig ${
            auth.path
          } (${(e as NodeJS.ErrnoException).code ?? e})`,
        );
      }
      if (!this.kubeConfig || mtimeMs !== this.loadedMtimeMs) {
        const kc = new KubeConfig();
        kc.loadFromFile(auth.path);
        if (auth.context) kc.setCurrentContext(auth.context);
        if (!kc.getCurrentCluster()) {
          throw new KubeConnectionError(
            auth.path,
            'KUBECONFIG',
            `Cluster "${this.cluster.name}": kubeconfig ${auth.path} has no ${
              auth.context ? `context "${auth.context}"` : 'current context'
            }`,
          );
        }
        this.kubeConfig = kc;
        this.loadedMtimeMs = mtimeMs;
      }
      return this.kubeConfig;
    }
    if (!this.kubeConfig) {
      const kc = new KubeConfig();
      if (auth.type === 'inCluster') {
        kc.loadFromCluster();
      } else {
        const caData = auth.caData?.includes('BEGIN CERTIFICATE')
          ? Buffer.from(auth.caData).toString('base64')
          : auth.caData;
        kc.loadFromOptions({
          clusters: [
            {
              name: this.cluster.name,
              server: auth.url,
              caData,
              caFile: auth.caFile,
              skipTLSVerify: auth.skipTLSVerify,
            },
          ],
          users: [{ name: 'paved', token: auth.token }],
          contexts: [
            { name: 'paved', cluster: this.cluster.name, user: 'paved' },
          ],
          currentContext: 'paved',
        });
      }
      this.kubeConfig = kc;
    }
    return this.kubeConfig;
  }

  /** The API server URL, for messages. */
  server(): string {
    try {
      return this.load().getCurrentCluster()?.server ?? '(unknown)';
    } catch {
      return this.cluster.auth.type === 'serviceAccountToken'
        ? this.cluster.auth.url
        : '(unknown)';
    }
  }

  private async open(
    method: string,
    path: string,
    options: RequestOptions,
  ): Promise<{ res: http.IncomingMessage; req: http.ClientRequest }> {
    const kc = this.load();
    const server = kc.getCurrentCluster()!.server;
    const url = new URL(server.replace(/\/+$/, '') + path);
    for (const [k, v] of Object.entries(options.query ?? {})) {
      if (v !== undefined) url.searchParams.set(k, String(v));
    }
    const opts: https.RequestOptions = {
      method,
      headers: { Accept: 'application/json' },
    };
    await kc.applyToHTTPSOptions(opts);
    const payload =
      options.body === undefined
        ? undefined
        : Buffer.from(JSON.stringify(options.body));
    if (payload) {
      (opts.headers as Record<string, string | number>)['Content-Type'] =
        options.contentType ?? 'application/json';
      (opts.headers as Record<string, string | number>)['Content-Length'] =
        payload.length;
    }
    const lib = url.protocol === 'http:' ? http : https;
    return new Promise((resolve, reject) => {
      const req = lib.request(url, opts, res => resolve({ res, req }));
      const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      req.setTimeout(timeoutMs, () =>
        req.destroy(
          Object.assign(new Error(`no answer within ${timeoutMs} ms`), {
            code: 'ETIMEDOUT',
          }),
        ),
      );
      const onAbort = () =>
        req.destroy(Object.assign(new Error('aborted'), { code: 'ABORT_ERR' }));
      options.signal?.addEventListener('abort', onAbort, { once: true });
      req.on('close', () =>
        options.signal?.removeEventListener('abort', onAbort),
      );
      req.on('error', (e: NodeJS.ErrnoException) => {
        if (e.code === 'ABORT_ERR') {
          reject(e);
          return;
        }
        const code = e.code ?? 'ERROR';
        const tls = /CERT|SSL|TLS|SELF_SIGNED/.test(code);
        reject(
          new KubeConnectionError(
            server,
            code,
            tls
              ? `Cluster "${this.cluster.name}": TLS with ${server} failed (${code}: ${e.message}); check the CA configured for it`
              : `Cluster "${
                  this.cluster.name
                }": the API server at ${server} is unreachable (${code}${
                  e.message && !e.message.includes(code) ? `: ${e.message}` : ''
                })`,
          ),
        );
      });
      req.end(payload);
    });
  }

  /** One request; resolves with the parsed JSON body of a 2xx answer. */
  async request<T = any>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<T> {
    const { res } = await this.open(method, path, options);
    const chunks: Buffer[] = [];
    for await (const chunk of res) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: any;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    const code = res.statusCode ?? 0;
    if (code >= 200 && code < 300) return body as T;
    const status: KubeStatus | undefined =
      body && body.kind === 'Status' ? body : undefined;
    throw new KubeApiError(
      code,
      status,
      status?.message ?? (text.slice(0, 500) || `HTTP ${code}`),
    );
  }

  /**
   * A streaming GET (a watch): calls onLine for each JSON line until the server ends the
   * stream, the signal aborts, or the connection drops (which rejects).
   */
  async stream(
    path: string,
    query: RequestOptions['query'],
    onLine: (value: any) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    const { res } = await this.open('GET', path, {
      query,
      signal,
      // The server ends a watch after its timeoutSeconds; a silent socket past that is dead.
      timeoutMs: (Number(query?.timeoutSeconds ?? 300) + 30) * 1000,
    });
    const code = res.statusCode ?? 0;
    if (code < 200 || code >= 300) {
      const chunks: Buffer[] = [];
      for await (const chunk of res) chunks.push(chunk as Buffer);
      const text = Buffer.concat(chunks).toString('utf8');
      let status: KubeStatus | undefined;
      try {
        status = JSON.parse(text);
      } catch {
        status = undefined;
      }
      throw new KubeApiError(code, status, status?.message ?? `HTTP ${code}`);
    }
    let buffered = '';
    await new Promise<void>((resolve, reject) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffered += chunk;
        let nl = buffered.indexOf('\n');
        while (nl >= 0) {
          const line = buffered.slice(0, nl).trim();
          buffered = buffered.slice(nl + 1);
          if (line) {
            try {
              onLine(JSON.parse(line));
            } catch (e) {
              reject(e);
              res.destroy();
              return;
            }
          }
          nl = buffered.indexOf('\n');
        }
      });
      res.on('end', () => resolve());
      res.on('aborted', () =>
        reject(
          new KubeConnectionError(
            this.server(),
            'ECONNRESET',
            'the watch connection dropped',
          ),
        ),
      );
      res.on('error', e =>
        reject(
          signal?.aborted
            ? Object.assign(new Error('aborted'), { code: 'ABORT_ERR' })
            : new KubeConnectionError(
                this.server(),
                (e as NodeJS.ErrnoException).code ?? 'ECONNRESET',
                `the watch connection dropped (${e.message})`,
              ),
        ),
      );
      res.on('close', () => {
        if (!res.complete) {
          reject(
            signal?.aborted
              ? Object.assign(new Error('aborted'), { code: 'ABORT_ERR' })
              : new KubeConnectionError(
                  this.server(),
                  'ECONNRESET',
                  'the watch connection dropped',
                ),
          );
        }
      });
    });
  }
}
