/*
 * Readiness for a consumer: ready once it has joined its consumer group and while it stays in it,
 * not ready from the moment shutdown begins.
 */
export type Phase = 'starting' | 'ready' | 'stopping';

export class Lifecycle {
  private joined = false;
  private stopping = false;

  get phase(): Phase {
    if (this.stopping) {
      return 'stopping';
    }
    return this.joined ? 'ready' : 'starting';
  }

  get isReady(): boolean {
    return this.phase === 'ready';
  }

  consumerJoined(): void {
    this.joined = true;
  }

  /** After a crash or stop the consumer is out of its group until it joins again. */
  consumerLeft(): void {
    this.joined = false;
  }

  beginShutdown(): void {
    this.stopping = true;
  }
}
