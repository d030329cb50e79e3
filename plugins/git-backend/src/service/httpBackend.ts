import { spawn } from 'node:child_process';
import type { Request, Response } from 'express';
import { gitEnvironment } from './runGit';

/**
 * Serves one request of git's smart HTTP protocol by handing it to `git http-backend` as a CGI
 * program: git implements the protocol (v0 and v2, gzip request bodies, receive-pack), we only
 * translate between express and CGI.
 */
export function serveWithGitHttpBackend(options: {
  req: Request;
  res: Response;
  projectRoot: string;
  /** `/<name>.git/<rest>` */
  pathInfo: string;
  /** Set for authenticated callers; git enables receive-pack only when it is. */
  remoteUser?: string;
  onError: (error: Error) => void;
}): Promise<{ ok: boolean; reason?: string }> {
  const { req, res } = options;
  const query = req.originalUrl.includes('?')
    ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1)
    : '';
  const child = spawn('git', ['http-backend'], {
    env: gitEnvironment({
      GIT_PROJECT_ROOT: options.projectRoot,
      GIT_HTTP_EXPORT_ALL: '1',
      GIT_HTTP_MAX_REQUEST_BUFFER: '100M',
      PATH_INFO: options.pathInfo,
      REQUEST_METHOD: req.method,
      QUERY_STRING: query,
      CONTENT_TYPE: req.headers['content-type'],
      CONTENT_LENGTH: req.headers['content-length'],
      HTTP_CONTENT_ENCODING: req.headers['content-encoding'],
      GIT_PROTOCOL: req.headers['git-protocol'] as string | undefined,
      REMOTE_USER: options.remoteUser,
      REMOTE_ADDR: req.socket.remoteAddress,
    }),
    stdio: ['pipe', 'pipe', 'pipe'],
  });

  return new Promise(resolve => {
    let failure: string | undefined;
    let headerBuffer = Buffer.alloc(0);
    let headersSent = false;
    const stderr: Buffer[] = [];

    const fail = (error: Error) => {
      failure = error.message;
      options.onError(error);
      if (!res.headersSent) {
        res.status(500).type('text/plain').send('git http-backend failed\n');
      } else {
        res.destroy(error);
      }
    };

    child.stderr.on('data', chunk => stderr.push(chunk));
    child.on('error', fail);
    child.stdout.on('data', (chunk: Buffer) => {
      if (headersSent) {
        res.write(chunk);
        return;
      }
      headerBuffer = Buffer.concat([headerBuffer, chunk]);
      const crlf = headerBuffer.indexOf('\r\n\r\n');
      const lf = headerBuffer.indexOf('\n\n');
      const end = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf : lf;
      if (end < 0) return;
      const separatorLength = end === crlf ? 4 : 2;
      const head = headerBuffer.subarray(0, end).toString('latin1');
      let status = 200;
      for (const line of head.split(/\r?\n/)) {
        const colon = line.indexOf(':');
        if (colon < 0) continue;
        const key = line.slice(0, colon).trim();
        const value = line.slice(colon + 1).trim();
        if (key.toLowerCase() === 'status') {
          status = parseInt(value, 10) || 500;
        } else {
          res.setHeader(key, value);
        }
      }
      res.status(status);
      headersSent = true;
      const body = headerBuffer.subarray(end + separatorLength);
      if (body.length) res.write(body);
    });
    child.on('close', code => {
      if (!headersSent) {
        fail(
          new Error(
            `git http-backend exited with ${code} before answering: ${Buffer.concat(
              stderr,
            )
              .toString('utf8')
              .trim()}`,
          ),
        );
      } else {
        res.end();
        if (code !== 0) failure = `git http-backend exited with ${code}`;
      }
      resolve(failure ? { ok: false, reason: failure } : { ok: true });
    });
    req.pipe(child.stdin);
    req.on('aborted', () => child.kill());
  });
}
