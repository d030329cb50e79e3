import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** How the portal authenticates to one cluster. */
export type ClusterAuth =
  | { type: 'kubeconfig'; path: string; context?: string }
  | {
      type: 'serviceAccountToken';
      url: string;
      token: string;
      caData?: string;
      caFile?: string;
      skipTLSVerify: boolean;
    }
  | { type: 'inCluster' };

export interface ClusterConfig {
  name: string;
  title: string;
  auth: ClusterAuth;
}

export interface DeploymentsConfig {
  clusters: ClusterConfig[];
  /** Field manager of every server-side apply Paved makes. */
  fieldManager: string;
  /**
   * Longest Paved follows one rollout. The Deployment's own progressDeadlineSeconds decides
   * failure; this only bounds a rollout the controller never reports on.
   */
  rolloutTimeoutMs: number;
  /** Replicas of a first deploy whose manifests say none. */
  defaultReplicas: number;
}

const CLUSTER_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function readCluster(c: Config, index: number): ClusterConfig {
  const where = `deployments.clusters[${index}]`;
  const name = c.getString('name');
  if (!CLUSTER_NAME.test(name) || name.length > 63) {
    throw new InputError(
      `${where}.name "${name}" must be lowercase letters, digits and "-", at most 63 characters`,
    );
  }
  const title = c.getOptionalString('title') ?? name;
  const kubeconfig = c.getOptionalConfig('kubeconfig');
  const token = c.getOptionalString('serviceAccountToken');
  const inCluster = c.getOptionalBoolean('inCluster') ?? false;
  const chosen = [kubeconfig, token, inCluster || undefined].filter(
    x => x !== undefined,
  ).length;
  if (chosen !== 1) {
    throw new InputError(
      `${where} (${name}) needs exactly one of kubeconfig, serviceAccountToken or inCluster: true`,
    );
  }
  if (kubeconfig) {
    const path = kubeconfig.getString('path');
    if (!path.trim()) {
      throw new InputError(`${where}.kubeconfig.path is empty`);
    }
    return {
      name,
      title,
      auth: {
        type: 'kubeconfig',
        path,
        context: kubeconfig.getOptionalString('context'),
      },
    };
  }
  if (token !== undefined) {
    const url = c.getOptionalString('url');
    if (!url) {
      throw new InputError(
        `${where}.url is required with serviceAccountToken (the API server, e.g. https://10.0.0.1:6443)`,
      );
    }
    if (!/^https?:\/\//.test(url)) {
      throw new InputError(`${where}.url "${url}" is not an http(s) URL`);
    }
    return {
      name,
      title,
      auth: {
        type: 'serviceAccountToken',
        url: url.replace(/\/+$/, ''),
        token,
        caData: c.getOptionalString('caData'),
        caFile: c.getOptionalString('caFile'),
        skipTLSVerify: c.getOptionalBoolean('skipTLSVerify') ?? false,
      },
    };
  }
  return { name, title, auth: { type: 'inCluster' } };
}

export function readDeploymentsConfig(config: Config): DeploymentsConfig {
  const root = config.getOptionalConfig('deployments');
  const clusters = (root?.getOptionalConfigArray('clusters') ?? []).map(
    readCluster,
  );
  const seen = new Set<string>();
  for (const c of clusters) {
    if (seen.has(c.name)) {
      throw new InputError(
        `deployments.clusters names "${c.name}" twice; cluster names must be unique`,
      );
    }
    seen.add(c.name);
  }
  const timeoutSeconds =
    root?.getOptionalNumber('rollout.timeoutSeconds') ?? 900;
  if (!(timeoutSeconds > 0)) {
    throw new InputError(
      'deployments.rollout.timeoutSeconds must be a positive number',
    );
  }
  const defaultReplicas = root?.getOptionalNumber('defaultReplicas') ?? 1;
  if (!Number.isInteger(defaultReplicas) || defaultReplicas < 0) {
    throw new InputError(
      'deployments.defaultReplicas must be a whole number, 0 or more',
    );
  }
  return {
    clusters,
    fieldManager: root?.getOptionalString('fieldManager') ?? 'paved',
    rolloutTimeoutMs: timeoutSeconds * 1000,
    defaultReplicas,
  };
}
