/*
 * Starts and stops the consume -> transform -> produce loop in the order that loses nothing.
 */
import type { Consumer, Producer } from 'kafkajs';
import type { MessageHandler } from './handler';
import type { Logger } from './logger';

export type PipelineConsumer = Pick<Consumer, 'connect' | 'subscribe' | 'run' | 'disconnect'>;
export type PipelineProducer = Pick<Producer, 'connect' | 'disconnect'>;

export interface Pipeline {
  consumer: PipelineConsumer;
  producer: PipelineProducer;
  inputTopic: string;
  handler: MessageHandler;
  logger: Logger;
}

export async function startPipeline({ consumer, producer, inputTopic, handler, logger }: Pipeline): Promise<void> {
  // The producer connects first: a consumer that gets partitions before it can produce would
  // fail, and retry, every message it is handed.
  await producer.connect();
  await consumer.connect();
  // A new group starts at the latest offset; set fromBeginning to replay what is already there.
  await consumer.subscribe({ topics: [inputTopic], fromBeginning: false });
  await consumer.run({ eachMessage: handler });
  logger.info('consuming', { input_topic: inputTopic });
}

/**
 * Stops consuming, then flushes the producer. kafkajs' disconnect waits for the message in hand,
 * commits its offset and leaves the group, so the message's output must still be producible.
 */
export async function stopPipeline({ consumer, producer }: Pick<Pipeline, 'consumer' | 'producer'>): Promise<void> {
  await consumer.disconnect();
  await producer.disconnect();
}
