// Builders for the unit tests: wire objects with sensible defaults and a DeploymentsApi fake.
import { ResponseError } from '@backstage/errors';
import {
  Deployment,
  DeploymentError,
  EntityDeploymentState,
  WorkloadState,
} from '@paved/plugin-deployments-common';
import { DeploymentsApi } from '../api/DeploymentsApi';

export const ENTITY_REF = 'component:default/checkout';

export const checkoutEntity = (annotations: Record<string, string> = {}) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout', namespace: 'default', annotations },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
});

export function deployment(overrides: Partial<Deployment> = {}): Deployment {
  return {
    id: 'd1',
    entityRef: ENTITY_REF,
    cluster: 'local',
    namespace: 'shop',
    name: 'checkout',
    action: 'deploy',
    image: 'ghcr.io/acme/checkout:1.0.0',
    replicas: 2,
    revision: 1,
    status: 'succeeded',
    progress: null,
    error: null,
    sourceDeploymentId: null,
    rollbackOf: null,
    manifestSource: 'generated',
    createdBy: 'user:default/ada',
    createdAt: new Date(Date.now() - 10 * 60_000).toISOString(),
    finishedAt: new Date(Date.now() - 9 * 60_000).toISOString(),
    durationMs: 42_000,
    version: 3,
    ...overrides,
  };
}

export function workload(
  overrides: Partial<WorkloadState> = {},
): WorkloadState {
  return {
    cluster: 'local',
    namespace: 'shop',
    name: 'checkout',
    state: 'ok',
    error: null,
    image: 'ghcr.io/acme/checkout:1.0.0',
    desired: 2,
    ready: 2,
    updated: 2,
    available: 2,
    revision: 1,
    replicasManagedBy: null,
    lastDeployment: deployment(),
    ...overrides,
  };
}

export function state(
  overrides: Partial<EntityDeploymentState> = {},
): EntityDeploymentState {
  return {
    entityRef: ENTITY_REF,
    workloads: [workload()],
    canDeploy: true,
    canRollback: true,
    ...overrides,
  };
}

export type FakeApi = { [K in keyof DeploymentsApi]: jest.Mock };

/** Every method answers like a healthy backend with one cluster, unless overridden. */
export function fakeApi(overrides: Partial<FakeApi> = {}): FakeApi {
  return {
    listClusters: jest
      .fn()
      .mockResolvedValue([{ name: 'local', title: 'Local', url: '' }]),
    getState: jest.fn().mockResolvedValue(state()),
    listDeployments: jest.fn().mockResolvedValue([deployment()]),
    getDeployment: jest.fn().mockImplementation(async (id: string) => ({
      ...deployment({ id }),
      manifests: [],
    })),
    preview: jest.fn(),
    deploy: jest.fn().mockResolvedValue({ id: 'new' }),
    rollback: jest.fn().mockResolvedValue({ id: 'rb' }),
    redeploy: jest.fn().mockResolvedValue({ id: 'rd' }),
    scale: jest.fn().mockResolvedValue({ id: 'sc' }),
    restart: jest.fn().mockResolvedValue({ id: 'rs' }),
    ...overrides,
  };
}

/** A ResponseError as DeploymentsClient throws it for a backend error body. */
export function responseError(
  status: number,
  body: {
    error: { name: string; message: string };
    details?: DeploymentError;
  },
): Promise<ResponseError> {
  const text = JSON.stringify({ ...body, response: { statusCode: status } });
  return ResponseError.fromResponse({
    ok: false,
    status,
    statusText: 'Error',
    url: 'http://localhost/api/deployments',
    type: 'basic',
    redirected: false,
    headers: new Map([['content-type', 'application/json']]),
    text: async () => text,
  } as any);
}
