import { LoggerService } from '@backstage/backend-plugin-api';
import { KubeApiError, KubeClient } from '../kube/KubeClient';
import { RolloutState, rolloutStatus } from './rolloutStatus';

export interface FollowOptions {
  client: KubeClient;
  namespace: string;
  name: string;
  /** metadata.generation the apply produced. */
  generation: number;
  /** Where to start watching; a stale one (410 Gone) is handled like any other drop. */
  resourceVersion?: string;
  timeoutMs: number;
  onUpdate(state: RolloutState, deployment: any): void;
  signal?: AbortSignal;
  logger?: LoggerService;
  /** Seconds each watch asks the server to keep open; tests shorten it. */
  watchSeconds?: number;
}

export type FollowResult =
  | RolloutState
  | { phase: 'timeout'; message: string }
  | { phase: 'deleted'; message: string };

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>(resolve => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });

/**
 * Follows one Deployment's rollout to its end. Reads the object, then watches it from that
 * resourceVersion; whenever a watch ends, drops or is told its resourceVersion is gone (410),
 * it reads the object again and watches from there, so the end of the rollout is never missed,
 * only seen on the next read.
 */
export async function followRollout(
  options: FollowOptions,
): Promise<FollowResult> {
  const { client, namespace, name, generation, signal, logger } = options;
  const path = `/apis/apps/v1/namespaces/${encodeURIComponent(
    namespace,
  )}/deployments`;
  const deadline = Date.now() + options.timeoutMs;
  let resourceVersion = options.resourceVersion;
  let failures = 0;
  let last: RolloutState | undefined;

  const judge = (deployment: any): RolloutState => {
    const state = rolloutStatus(deployment, generation);
    last = state;
    options.onUpdate(state, deployment);
    return state;
  };

  while (!signal?.aborted) {
    if (Date.now() > deadline) {
      return {
        phase: 'timeout',
        message: `Stopped following the rollout after ${Math.round(
          options.timeoutMs / 1000,
        )} s without an outcome${
          last ? ` (last: ${last.progress.message})` : ''
        }; see deployments.rollout.timeoutSeconds`,
      };
    }
    try {
      if (!resourceVersion) {
        let deployment: any;
        try {
          deployment = await client.request(
            'GET',
            `${path}/${encodeURIComponent(name)}`,
            {
              signal,
            },
          );
        } catch (e) {
          if (e instanceof KubeApiError && e.statusCode === 404) {
            return {
              phase: 'deleted',
              message: `Deployment "${name}" was deleted during the rollout`,
            };
          }
          throw e;
        }
        const state = judge(deployment);
        if (state.phase !== 'progressing') return state;
        resourceVersion = deployment.metadata.resourceVersion;
      }

      let outcome: FollowResult | undefined;
      const controller = new AbortController();
      const stop = () => controller.abort();
      signal?.addEventListener('abort', stop, { once: true });
      const remaining = Math.max(1, Math.ceil((deadline - Date.now()) / 1000));
      try {
        await client.stream(
          path,
          {
            watch: 1,
            fieldSelector: `metadata.name=${name}`,
            resourceVersion,
            allowWatchBookmarks: true,
            timeoutSeconds: Math.min(options.watchSeconds ?? 240, remaining),
          },
          event => {
            if (outcome) return;
            if (event.type === 'ERROR') {
              // 410 Gone: our resourceVersion is older than the server keeps. Read afresh.
              const code = event.object?.code;
              logger?.debug(
                `Watch of ${namespace}/${name} ended with ${code}: ${event.object?.message}`,
              );
              controller.abort();
              return;
            }
            if (event.type === 'BOOKMARK') return;
            if (event.type === 'DELETED') {
              outcome = {
                phase: 'deleted',
                message: `Deployment "${name}" was deleted during the rollout`,
              };
              controller.abort();
              return;
            }
            const state = judge(event.object);
            if (state.phase !== 'progressing') {
              outcome = state;
              controller.abort();
            }
          },
          controller.signal,
        );
      } catch (e) {
        if (!controller.signal.aborted) throw e;
      } finally {
        signal?.removeEventListener('abort', stop);
      }
      if (outcome) return outcome;
      failures = 0;
      // The watch ended (its timeout, or a 410): read the object again before watching on,
      // so a change that happened in between is judged.
      resourceVersion = undefined;
    } catch (e) {
      if (e instanceof KubeApiError && e.statusCode === 410) {
        resourceVersion = undefined;
        continue;
      }
      failures += 1;
      logger?.info(
        `Following the rollout of ${namespace}/${name} was interrupted (${
          e instanceof Error ? e.message : e
        }); resuming`,
      );
      resourceVersion = undefined;
      await sleep(Math.min(5000, 250 * 2 ** Math.min(failures, 5)), signal);
    }
  }
  return {
    phase: 'timeout',
    message: 'Stopped following the rollout: the portal is shutting down',
  };
}
