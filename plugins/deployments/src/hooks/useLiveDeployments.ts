import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import { isError } from '@backstage/errors';
import { useSignal } from '@backstage/plugin-signals-react';
import {
  DEPLOYMENT_STATUSES,
  Deployment,
  DeploymentWithManifests,
} from '@paved/plugin-deployments-common';
import { deploymentsApiRef } from '../api/DeploymentsApi';

/** Signals can be missing (no signals backend, a proxy that drops websockets), so polling stays on. */
export const POLL_MS = 2_000;

export const inFlight = (d: Pick<Deployment, 'status'>) =>
  d.status === 'pending' || d.status === 'progressing';

const RANK: Record<Deployment['status'], number> = {
  pending: 0,
  progressing: 1,
  succeeded: 2,
  failed: 2,
};

/** Whether reading `a` of a deployment is older than reading `b` of the same one. */
function isOlder(a: Deployment, b: Deployment): boolean {
  if (RANK[a.status] !== RANK[b.status]) return RANK[a.status] < RANK[b.status];
  return (a.version ?? 0) < (b.version ?? 0);
}

/** The channel the backend publishes every change of an entity's deployments on. */
export const channelOf = (entityRef: string) => `deployments:${entityRef}`;

type SignalMessage = ReturnType<typeof useSignal>['lastSignal'];

/** Signal payloads come off the wire: take only what has the shape of a deployment of this entity. */
function asDeployment(
  message: SignalMessage,
  entityRef: string,
): Deployment | undefined {
  if (
    !message ||
    typeof message.id !== 'string' ||
    typeof message.cluster !== 'string' ||
    typeof message.createdAt !== 'string' ||
    message.entityRef !== entityRef ||
    !DEPLOYMENT_STATUSES.includes(message.status as Deployment['status'])
  ) {
    return undefined;
  }
  return withoutBackendFields(message as unknown as Deployment);
}

/** The poll answer carries the manifests and signals the followed generation; the UI needs neither. */
function withoutBackendFields(
  d: Deployment | DeploymentWithManifests,
): Deployment {
  const {
    manifests: _manifests,
    generation: _generation,
    ...rest
  } = d as DeploymentWithManifests & { generation?: unknown };
  return rest;
}

function withAll(set: ReadonlySet<string>, ids: string[]) {
  return ids.every(id => set.has(id)) ? set : new Set([...set, ...ids]);
}

/**
 * Follows an entity's deployments while they roll out: from signals when the app has them and
 * from polling `GET /deployments/:id` every two seconds either way. `onSettled` runs once a
 * followed deployment succeeds or fails, so the caller can re-read the live state and history.
 */
export function useLiveDeployments(options: {
  entityRef: string;
  /** Deployments the caller already knows (state, history); those in flight get followed. */
  known: Deployment[];
  onSettled: () => void;
}) {
  const { entityRef, known, onSettled } = options;
  const api = useApi(deploymentsApiRef);
  const [byId, setById] = useState<Record<string, Deployment>>({});
  const [followed, setFollowed] = useState<ReadonlySet<string>>(
    () => new Set(),
  );
  // Only outcomes seen happening here earn a note; old successes are just history.
  const [settledHere, setSettledHere] = useState<ReadonlySet<string>>(
    () => new Set(),
  );
  const [pollError, setPollError] = useState<Error | undefined>();
  const byIdRef = useRef(byId);
  byIdRef.current = byId;
  const followedRef = useRef(followed);
  followedRef.current = followed;
  const onSettledRef = useRef(onSettled);
  onSettledRef.current = onSettled;

  const merge = useCallback((incoming: Deployment) => {
    const next = withoutBackendFields(incoming);
    setById(prev => {
      const current = prev[next.id];
      // Poll answers and signals can cross on the wire: an older reading never replaces a
      // newer one, and a finished rollout never restarts.
      if (current && isOlder(next, current)) return prev;
      if (current && JSON.stringify(current) === JSON.stringify(next)) {
        return prev;
      }
      return { ...prev, [next.id]: next };
    });
  }, []);

  const read = useCallback(
    (id: string) =>
      api.getDeployment(id).then(
        d => {
          setPollError(undefined);
          merge(d);
        },
        (e: unknown) => {
          // Shown beside the progress and retried on the next tick; the signal may deliver meanwhile.
          setPollError(isError(e) ? e : new Error(String(e)));
        },
      ),
    [api, merge],
  );

  // Deployments in flight when first seen are followed to their end; a re-read that already
  // knows the outcome of a followed one settles it without waiting for the next poll.
  useEffect(() => {
    const starting = known.filter(inFlight).map(d => d.id);
    if (starting.length) setFollowed(prev => withAll(prev, starting));
    for (const d of known) {
      if (inFlight(d) || followedRef.current.has(d.id)) merge(d);
    }
  }, [known, merge]);

  const { lastSignal } = useSignal(channelOf(entityRef));
  useEffect(() => {
    const d = asDeployment(lastSignal, entityRef);
    if (!d) return;
    const current = byIdRef.current[d.id];
    // A repeated final signal must not settle (and refresh) twice.
    if (!current || inFlight(current)) {
      setFollowed(prev => withAll(prev, [d.id]));
    }
    merge(d);
  }, [lastSignal, entityRef, merge]);

  /** Follows a deployment this page just started. */
  const follow = useCallback(
    (id: string) => {
      setFollowed(prev => withAll(prev, [id]));
      read(id);
    },
    [read],
  );

  const pollKey = [...followed]
    .filter(id => !byId[id] || inFlight(byId[id]))
    .sort()
    .join(',');
  useEffect(() => {
    if (!pollKey) return undefined;
    const ids = pollKey.split(',');
    const timer = setInterval(() => ids.forEach(read), POLL_MS);
    return () => clearInterval(timer);
  }, [read, pollKey]);

  useEffect(() => {
    const finished = [...followed].filter(
      id => byId[id] && !inFlight(byId[id]),
    );
    if (finished.length === 0) return;
    setFollowed(
      prev => new Set([...prev].filter(id => !finished.includes(id))),
    );
    setSettledHere(prev => withAll(prev, finished));
    onSettledRef.current();
  }, [byId, followed]);

  const dismiss = useCallback((id: string) => {
    setSettledHere(prev => new Set([...prev].filter(x => x !== id)));
  }, []);

  const deployments = useMemo(
    () =>
      Object.values(byId).sort((a, b) =>
        b.createdAt.localeCompare(a.createdAt),
      ),
    [byId],
  );
  return { deployments, follow, settledHere, dismiss, pollError };
}

/** `history` with the live versions of its rows, and deployments too new to be in it on top. */
export function mergeLive(
  history: Deployment[],
  live: Deployment[],
): Deployment[] {
  const liveById = new Map(live.map(d => [d.id, d]));
  const merged = history.map(d => {
    const l = liveById.get(d.id);
    // The newer of the two: a history re-read can be fresher than the last poll.
    return l && !isOlder(l, d) ? l : d;
  });
  const seen = new Set(history.map(d => d.id));
  return [...live.filter(d => !seen.has(d.id)), ...merged].sort((a, b) =>
    b.createdAt.localeCompare(a.createdAt),
  );
}
