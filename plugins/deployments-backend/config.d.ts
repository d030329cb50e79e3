export interface Config {
  /** Deploying services to Kubernetes from their entity pages. */
  deployments?: {
    /**
     * Clusters the portal may deploy to. An entity opts in with the `paved.dev/deploy-cluster`
     * annotation naming one of them (several, comma-separated; the first is the default) and
     * `paved.dev/deploy-namespace` (default `default`).
     */
    clusters?: Array<{
      /** Name the annotation uses: lowercase letters, digits and "-". */
      name: string;
      /** Shown in the UI; defaults to the name. */
      title?: string;
      /** Credentials from a kubeconfig file (its current context unless `context` is set). */
      kubeconfig?: {
        path: string;
        context?: string;
      };
      /** API server URL, with `serviceAccountToken`. */
      url?: string;
      /**
       * A service account's bearer token.
       * @visibility secret
       */
      serviceAccountToken?: string;
      /**
       * PEM or base64-encoded PEM of the API server's CA, with `serviceAccountToken`.
       * @visibility secret
       */
      caData?: string;
      /** Path of a file holding the API server's CA, with `serviceAccountToken`. */
      caFile?: string;
      /** Accept any server certificate. For throwaway clusters only. */
      skipTLSVerify?: boolean;
      /** Use the pod's own service account (the portal runs inside this cluster). */
      inCluster?: boolean;
    }>;
    /** Field manager of Paved's server-side applies. Default `paved`. */
    fieldManager?: string;
    /** Replicas of a first deploy when neither the request nor the manifests say. Default 1. */
    defaultReplicas?: number;
    rollout?: {
      /**
       * Longest Paved follows one rollout, in seconds (default 900). A Deployment's own
       * `progressDeadlineSeconds` decides when a stuck rollout fails; this bounds the rest.
       */
      timeoutSeconds?: number;
    };
  };
}
