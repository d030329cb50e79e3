/*
 * Handles one consumed message: continues the upstream trace from the message headers, runs the
 * transform, and produces the result carrying the trace context in its own headers.
 */
import {
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type TextMapGetter,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import type { EachMessagePayload, IHeaders, Producer } from 'kafkajs';
import { SERVICE_NAME } from './config';
import type { Logger } from './logger';
import { transform } from './transform';

export type MessageProducer = Pick<Producer, 'send'>;
export type MessagePayload = Pick<EachMessagePayload, 'topic' | 'partition' | 'message'>;
export type MessageHandler = (payload: MessagePayload) => Promise<void>;

export interface HandlerOptions {
  producer: MessageProducer;
  outputTopic: string;
  deadLetterTopic?: string | undefined;
  groupId: string;
  logger: Logger;
  /** The clock for processedAt; tests pass a fixed one. */
  now?: () => Date;
}

/** Headers that say why a message ended up on the dead-letter topic and where it came from. */
export const DEAD_LETTER_HEADERS = {
  reason: 'x-dead-letter-reason',
  topic: 'x-original-topic',
  partition: 'x-original-partition',
  offset: 'x-original-offset',
} as const;

/** Kafka header values arrive as Buffers; the W3C propagator reads strings. */
export const kafkaHeaderGetter: TextMapGetter<IHeaders> = {
  keys: carrier => Object.keys(carrier),
  get: (carrier, key) => {
    const value = carrier[key];
    if (value === undefined) {
      return undefined;
    }
    return Array.isArray(value) ? value.map(item => item.toString()) : value.toString();
  },
};

/**
 * Returns the eachMessage handler. A message the transform rejects is logged (and copied to the
 * dead-letter topic when there is one) and counts as handled. A failure to produce is thrown, so
 * kafkajs does not commit the offset and delivers the message again: at-least-once.
 */
export function createMessageHandler(options: HandlerOptions): MessageHandler {
  const { producer, outputTopic, deadLetterTopic, groupId, logger } = options;
  const now = options.now ?? (() => new Date());
  const tracer = trace.getTracer(SERVICE_NAME);

  return async ({ topic, partition, message }) => {
    const upstream = propagation.extract(ROOT_CONTEXT, message.headers ?? {}, kafkaHeaderGetter);
    const attributes = {
      'messaging.system': 'kafka',
      'messaging.operation.type': 'process',
      'messaging.destination.name': topic,
      'messaging.destination.partition.id': String(partition),
      'messaging.consumer.group.name': groupId,
      'messaging.kafka.offset': Number(message.offset),
    };
    await tracer.startActiveSpan(
      `process ${topic}`,
      { kind: SpanKind.CONSUMER, attributes },
      upstream,
      async span => {
        const where = { topic, partition, offset: message.offset };
        try {
          const result = transform(message.value, now());
          if (result.ok) {
            await produce(tracer, producer, outputTopic, {
              key: message.key,
              value: JSON.stringify(result.value),
              headers: {},
            });
            logger.debug('message processed', { ...where, output_topic: outputTopic });
            return;
          }

          span.setStatus({ code: SpanStatusCode.ERROR, message: result.reason });
          if (deadLetterTopic) {
            await produce(tracer, producer, deadLetterTopic, {
              key: message.key,
              value: message.value,
              headers: {
                [DEAD_LETTER_HEADERS.reason]: result.reason,
                [DEAD_LETTER_HEADERS.topic]: topic,
                [DEAD_LETTER_HEADERS.partition]: String(partition),
                [DEAD_LETTER_HEADERS.offset]: message.offset,
              },
            });
            logger.warn('invalid message sent to the dead-letter topic', {
              ...where,
              reason: result.reason,
              dead_letter_topic: deadLetterTopic,
            });
          } else {
            logger.warn('invalid message skipped', { ...where, reason: result.reason });
          }
        } catch (error) {
          fail(span, error);
          logger.error('message processing failed; it will be delivered again', { ...where, err: error });
          throw error;
        } finally {
          span.end();
        }
      },
    );
  };
}

interface OutgoingMessage {
  key: Buffer | string | null;
  value: Buffer | string | null;
  headers: Record<string, string>;
}

async function produce(
  tracer: Tracer,
  producer: MessageProducer,
  topic: string,
  message: OutgoingMessage,
): Promise<void> {
  await tracer.startActiveSpan(
    `send ${topic}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'send',
        'messaging.destination.name': topic,
      },
    },
    async span => {
      try {
        // The send span's context goes into the headers, so the next consumer's span hangs off it.
        const headers = { ...message.headers };
        propagation.inject(context.active(), headers);
        await producer.send({ topic, messages: [{ ...message, headers }] });
      } catch (error) {
        fail(span, error);
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

function fail(span: Span, error: unknown): void {
  const exception = error instanceof Error ? error : new Error(String(error));
  span.recordException(exception);
  span.setStatus({ code: SpanStatusCode.ERROR, message: exception.message });
}
