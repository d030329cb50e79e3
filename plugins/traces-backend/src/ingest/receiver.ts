/*
 * The OTLP/HTTP traces receiver (POST /v1/traces), answering as the OTLP specification asks:
 * in the request's own encoding, 200 with partialSuccess for refused spans, and a
 * google.rpc.Status body with 400/401/413/415/429/503 otherwise.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import express from 'express';
import { TracesConfig } from '../config';
import { decodeJsonRequest } from '../otlp/json';
import { describeRejections, normalizeRequest } from '../otlp/normalize';
import {
  decodeProtobufRequest,
  encodeProtobufResponse,
  encodeProtobufStatus,
} from '../otlp/protobuf';
import { RawRequest, UnreadableRequestError } from '../otlp/raw';
import {
  BatchWriter,
  OverloadedError,
  StoreUnavailableError,
} from './BatchWriter';
import { BodyTooLargeError, BodyUnreadableError, readBody } from './readBody';

type Encoding = 'protobuf' | 'json';

// google.rpc.Code values for the Status body.
const GRPC_INVALID_ARGUMENT = 3;
const GRPC_RESOURCE_EXHAUSTED = 8;
const GRPC_UNAUTHENTICATED = 16;
const GRPC_UNAVAILABLE = 14;

const sha256 = (s: string) => createHash('sha256').update(s).digest();

function encodingOf(contentType: string | undefined): Encoding | undefined {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/x-protobuf' || type === 'application/protobuf')
    return 'protobuf';
  if (type === 'application/json') return 'json';
  return undefined;
}

export interface ReceiverOptions {
  config: TracesConfig['ingest'];
  writer: BatchWriter;
  logger: LoggerService;
}

/** The express handler for `POST /v1/traces`. */
export function createReceiver(
  options: ReceiverOptions,
): express.RequestHandler {
  const { config, writer, logger } = options;
  const expected = config.token ? sha256(config.token) : undefined;

  const fail = (
    res: express.Response,
    encoding: Encoding,
    status: number,
    code: number,
    message: string,
    retryAfterSeconds?: number,
  ) => {
    if (retryAfterSeconds !== undefined) {
      res.setHeader('Retry-After', String(retryAfterSeconds));
    }
    if (encoding === 'protobuf') {
      res
        .status(status)
        .type('application/x-protobuf')
        .send(encodeProtobufStatus(code, message));
    } else {
      res.status(status).json({ code, message });
    }
  };

  return async (req, res) => {
    const encoding = encodingOf(req.headers['content-type']);
    const answerIn: Encoding = encoding ?? 'json';

    const auth = req.headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(auth);
    if (
      !expected ||
      !match ||
      !timingSafeEqual(sha256(match[1].trim()), expected)
    ) {
      let why =
        'Send the ingest token as Authorization: Bearer <token> (traces.ingest.token)';
      if (!expected) {
        why =
          'This portal accepts no spans: traces.ingest.token is not configured';
      } else if (match) {
        why =
          'The bearer token is not the one configured in traces.ingest.token';
      }
      res.setHeader('WWW-Authenticate', 'Bearer');
      fail(res, answerIn, 401, GRPC_UNAUTHENTICATED, why);
      return;
    }
    if (!encoding) {
      fail(
        res,
        answerIn,
        415,
        GRPC_INVALID_ARGUMENT,
        `Content-Type ${
          req.headers['content-type'] ?? '(none)'
        } is not OTLP: send application/x-protobuf or application/json`,
      );
      return;
    }
    const contentEncoding = String(
      req.headers['content-encoding'] ?? 'identity',
    )
      .trim()
      .toLowerCase();
    if (contentEncoding !== 'gzip' && contentEncoding !== 'identity') {
      fail(
        res,
        encoding,
        415,
        GRPC_INVALID_ARGUMENT,
        `Content-Encoding ${contentEncoding} is not supported: send gzip or no encoding`,
      );
      return;
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > config.maxBodyBytes) {
      res.setHeader('Connection', 'close');
      fail(
        res,
        encoding,
        413,
        GRPC_RESOURCE_EXHAUSTED,
        `The request body of ${declared} bytes is larger than ${config.maxBodyBytes} (traces.ingest.maxBodyBytes); send smaller batches`,
      );
      return;
    }

    let raw: RawRequest;
    try {
      const body = await readBody(req, {
        gzip: contentEncoding === 'gzip',
        maxBodyBytes: config.maxBodyBytes,
        maxDecodedBytes: config.maxDecodedBytes,
      });
      raw =
        encoding === 'protobuf'
          ? decodeProtobufRequest(body)
          : decodeJsonRequest(body.toString('utf8'));
    } catch (e) {
      if (e instanceof BodyTooLargeError) {
        res.setHeader('Connection', 'close');
        fail(res, encoding, 413, GRPC_RESOURCE_EXHAUSTED, e.message);
        return;
      }
      if (
        e instanceof BodyUnreadableError ||
        e instanceof UnreadableRequestError
      ) {
        fail(res, encoding, 400, GRPC_INVALID_ARGUMENT, e.message);
        return;
      }
      throw e;
    }

    const normalized = normalizeRequest(raw);
    try {
      await writer.write(normalized.spans);
    } catch (e) {
      if (e instanceof OverloadedError) {
        fail(
          res,
          encoding,
          429,
          GRPC_RESOURCE_EXHAUSTED,
          e.message,
          e.retryAfterSeconds,
        );
        return;
      }
      if (e instanceof StoreUnavailableError) {
        fail(res, encoding, 503, GRPC_UNAVAILABLE, e.message, 5);
        return;
      }
      throw e;
    }
    const message = describeRejections(normalized);
    if (normalized.rejected) {
      logger.info('Refused spans in an OTLP request', {
        rejected: normalized.rejected,
        total: normalized.total,
        reason: normalized.reasons[0],
      });
    }
    if (encoding === 'protobuf') {
      res
        .status(200)
        .type('application/x-protobuf')
        .send(encodeProtobufResponse(normalized.rejected, message));
    } else {
      res.status(200).json(
        normalized.rejected
          ? {
              partialSuccess: {
                rejectedSpans: String(normalized.rejected),
                errorMessage: message,
              },
            }
          : {},
      );
    }
  };
}
