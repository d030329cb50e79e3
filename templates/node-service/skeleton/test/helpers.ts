/*
 * Shared test plumbing: a real server on an ephemeral port with captured logs, and a child
 * process running the real entry point.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type http from 'node:http';
import path from 'node:path';
import { Lifecycle } from '../src/lifecycle';
import { createLogger } from '../src/logger';
import type { Router } from '../src/router';
import { createRoutes } from '../src/routes';
import { closeGracefully, createServer, listen } from '../src/server';

export interface TestServer {
  baseUrl: string;
  port: number;
  server: http.Server;
  lifecycle: Lifecycle;
  /** Parsed log lines, in the order they were written. */
  logs: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startTestServer(
  addRoutes?: (router: Router) => void,
): Promise<TestServer> {
  const lifecycle = new Lifecycle();
  const router = createRoutes(lifecycle);
  addRoutes?.(router);
  const logs: Array<Record<string, unknown>> = [];
  const logger = createLogger({ level: 'debug', write: line => logs.push(JSON.parse(line)) });
  const server = createServer({ router, lifecycle, logger });
  const port = await listen(server, 0, '127.0.0.1');
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    server,
    lifecycle,
    logs,
    close: async () => {
      if (server.listening) {
        await closeGracefully(server, 1000);
      }
    },
  };
}

export interface ServiceProcess {
  child: ChildProcess;
  /** Every JSON line the process has written to stdout so far. */
  lines: Array<Record<string, unknown>>;
  waitForLine(
    predicate: (line: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
}

/** Runs the compiled service exactly as `npm start` does, with only the given OTEL_* and PAVED_OTLP_TOKEN variables. */
export function startServiceProcess(env: Record<string, string>): ServiceProcess {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('OTEL_') && key !== 'PAVED_OTLP_TOKEN'),
  );
  const child = spawn(
    process.execPath,
    [
      '--require',
      path.resolve(__dirname, '../src/instrumentation.js'),
      path.resolve(__dirname, '../src/main.js'),
    ],
    { env: { ...inherited, PORT: '0', LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const lines: Array<Record<string, unknown>> = [];
  const waiters = new Set<() => void>();
  let buffered = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    let newline = buffered.indexOf('\n');
    while (newline !== -1) {
      const text = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      lines.push(JSON.parse(text));
      newline = buffered.indexOf('\n');
    }
    for (const wake of waiters) {
      wake();
    }
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>(resolve => {
    child.on('exit', code => resolve(code));
  });

  const waitForLine: ServiceProcess['waitForLine'] = (predicate, timeoutMs = 10_000) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const found = lines.find(predicate);
        if (found) {
          cleanup();
          resolve(found);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no matching log line within ${timeoutMs} ms; stdout: ${JSON.stringify(lines)} stderr: ${stderr}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });

  return { child, lines, waitForLine, exited };
}
