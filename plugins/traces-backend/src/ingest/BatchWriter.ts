import { LoggerService } from '@backstage/backend-plugin-api';
import { Span } from '@paved/plugin-traces-common';
import { TraceStore } from '../database/TraceStore';

/** More spans wait to be written than `maxPendingSpans`: the receiver answers 429. */
export class OverloadedError extends Error {
  constructor(readonly retryAfterSeconds: number, message: string) {
    super(message);
    this.name = 'OverloadedError';
  }
}

/** The store failed to commit a batch: the receiver answers 503, and the sender retries. */
export class StoreUnavailableError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'StoreUnavailableError';
  }
}

interface Waiting {
  spans: Span[];
  resolve: () => void;
  reject: (e: Error) => void;
}

export interface BatchWriterOptions {
  store: TraceStore;
  logger: LoggerService;
  /** Most spans in one transaction. */
  maxBatchSpans: number;
  /** Most spans accepted but not yet committed, across all requests. */
  maxPendingSpans: number;
  /** Transactions in flight at once. */
  concurrency: number;
}

/**
 * Group commit for ingest: requests that arrive while a transaction is in flight are written
 * together in the next one, and each request's promise settles only when the transaction that
 * holds its spans has committed (or failed). Nothing is acknowledged before it is durable.
 */
export class BatchWriter {
  private queue: Waiting[] = [];
  private queuedSpans = 0;
  private inFlightSpans = 0;
  private inFlight = 0;
  private scheduled = false;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly options: BatchWriterOptions) {}

  /** Spans accepted and not yet committed. */
  pending(): number {
    return this.queuedSpans + this.inFlightSpans;
  }

  /** Resolves once `spans` are committed; rejects with OverloadedError or StoreUnavailableError. */
  write(spans: Span[]): Promise<void> {
    if (spans.length === 0) return Promise.resolve();
    const pending = this.pending();
    if (pending > 0 && pending + spans.length > this.options.maxPendingSpans) {
      return Promise.reject(
        new OverloadedError(
          1,
          `The portal has ${pending} spans waiting to be stored (traces.ingest.maxPendingSpans is ${this.options.maxPendingSpans}); retry shortly`,
        ),
      );
    }
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ spans, resolve, reject });
      this.queuedSpans += spans.length;
      this.schedule();
    });
  }

  private schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    // Requests parsed in the same tick share a transaction.
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump() {
    while (this.inFlight < this.options.concurrency && this.queue.length) {
      const batch: Waiting[] = [];
      let size = 0;
      while (
        this.queue.length &&
        (batch.length === 0 ||
          size + this.queue[0].spans.length <= this.options.maxBatchSpans)
      ) {
        const next = this.queue.shift()!;
        batch.push(next);
        size += next.spans.length;
      }
      this.queuedSpans -= size;
      this.inFlightSpans += size;
      this.inFlight += 1;
      this.commit(batch, size).finally(() => {
        this.inFlight -= 1;
        this.inFlightSpans -= size;
        if (this.queue.length) this.pump();
        else if (this.inFlight === 0) {
          for (const w of this.idleWaiters.splice(0)) w();
        }
      });
    }
  }

  private async commit(batch: Waiting[], size: number) {
    const spans =
      batch.length === 1 ? batch[0].spans : batch.flatMap(w => w.spans);
    try {
      await this.options.store.write(spans);
      for (const w of batch) w.resolve();
    } catch (e) {
      this.options.logger.error('Could not store a batch of spans', {
        spans: size,
        requests: batch.length,
        error: String(e),
      });
      const error = new StoreUnavailableError(
        `The portal could not store the spans (${
          (e as Error).message
        }); retry later`,
        e,
      );
      for (const w of batch) w.reject(error);
    }
  }

  /** Resolves when everything accepted so far has been committed or refused. */
  idle(): Promise<void> {
    if (this.inFlight === 0 && this.queue.length === 0)
      return Promise.resolve();
    return new Promise(resolve => this.idleWaiters.push(resolve));
  }
}
