import { Readable } from 'node:stream';
import zlib from 'node:zlib';

/** The body is larger than allowed, before or after inflating it: answered with 413. */
export class BodyTooLargeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BodyTooLargeError';
  }
}

/** The gzip stream is corrupt: answered with 400. */
export class BodyUnreadableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BodyUnreadableError';
  }
}

const mib = (n: number) =>
  n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MiB` : `${n} bytes`;

/**
 * Reads a request body, inflating gzip on the fly, and stops reading the moment either the
 * bytes on the wire or the inflated bytes pass their limit, so that a small gzip bomb costs at
 * most `maxDecodedBytes` of memory.
 */
export async function readBody(
  stream: Readable,
  options: {
    gzip: boolean;
    maxBodyBytes: number;
    maxDecodedBytes: number;
  },
): Promise<Buffer> {
  const { gzip, maxBodyBytes, maxDecodedBytes } = options;
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let wire = 0;
    let decoded = 0;
    let settled = false;
    const inflate = gzip ? zlib.createGunzip() : undefined;
    function finish(error?: Error) {
      if (settled) return;
      settled = true;
      stream.off('data', onWire);
      if (inflate) {
        inflate.removeAllListeners('data');
        inflate.destroy();
      }
      // Stop reading what is left of a refused body; the connection is closed after the answer.
      if (error) stream.resume();
      if (error) reject(error);
      else resolve(Buffer.concat(chunks, decoded));
    }
    function onDecoded(chunk: Buffer) {
      decoded += chunk.length;
      if (decoded > maxDecodedBytes) {
        finish(
          new BodyTooLargeError(
            `The request body inflates to more than ${mib(
              maxDecodedBytes,
            )} (traces.ingest.maxDecodedBytes); send smaller batches`,
          ),
        );
        return;
      }
      chunks.push(chunk);
    }
    function onWire(chunk: Buffer) {
      wire += chunk.length;
      if (wire > maxBodyBytes) {
        finish(
          new BodyTooLargeError(
            `The request body is larger than ${mib(
              maxBodyBytes,
            )} (traces.ingest.maxBodyBytes); send smaller batches`,
          ),
        );
        return;
      }
      if (inflate) inflate.write(chunk);
      else onDecoded(chunk);
    }
    if (inflate) {
      inflate.on('data', onDecoded);
      inflate.on('error', e =>
        finish(
          new BodyUnreadableError(
            `The body is not valid gzip (Content-Encoding: gzip): ${e.message}`,
          ),
        ),
      );
      inflate.on('end', () => finish());
    }
    let ended = false;
    stream.on('data', onWire);
    stream.on('error', e => finish(e));
    stream.on('end', () => {
      ended = true;
      if (inflate) inflate.end();
      else finish();
    });
    // A client that goes away mid-body may end the stream with neither 'end' nor 'error'.
    stream.on('close', () => {
      if (!ended) {
        finish(
          new BodyUnreadableError('The client closed the connection mid-body'),
        );
      }
    });
  });
}
