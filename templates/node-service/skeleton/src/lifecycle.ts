/*
 * The service's phase as readiness sees it: not ready while starting, ready while serving, not
 * ready again from the moment shutdown begins so the Service stops routing new requests here.
 */
export type Phase = 'starting' | 'ready' | 'stopping';

export class Lifecycle {
  private current: Phase = 'starting';

  get phase(): Phase {
    return this.current;
  }

  get isReady(): boolean {
    return this.current === 'ready';
  }

  markReady(): void {
    if (this.current === 'starting') {
      this.current = 'ready';
    }
  }

  beginShutdown(): void {
    this.current = 'stopping';
  }
}
