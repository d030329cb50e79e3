import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { CodeSnippet, EmptyState } from '@backstage/core-components';
import {
  ClusterSummary,
  DEPLOY_CLUSTER_ANNOTATION,
  DEPLOY_NAMESPACE_ANNOTATION,
} from '@paved/plugin-deployments-common';

function snippet(cluster: string, namespace: string) {
  return `metadata:
  annotations:
    ${DEPLOY_CLUSTER_ANNOTATION}: ${cluster}
    # optional; "default" when left out
    ${DEPLOY_NAMESPACE_ANNOTATION}: ${namespace}`;
}

/**
 * Why there is nothing to show: the entity names no cluster, or the portal has none. Says
 * exactly what to add to catalog-info.yaml, with the clusters there are to choose from.
 */
export function NotConfigured(props: {
  entityName: string;
  /** Undefined while loading or when the list could not be read. */
  clusters: ClusterSummary[] | undefined;
}) {
  const { clusters, entityName } = props;
  const noClusters = clusters !== undefined && clusters.length === 0;
  return (
    <div data-testid="deployments-not-configured">
      <EmptyState
        missing="field"
        title={
          noClusters
            ? 'No cluster is configured in this portal'
            : `${entityName} does not deploy anywhere yet`
        }
        description={
          noClusters
            ? 'An administrator adds Kubernetes clusters under deployments.clusters in app-config. Once there is one, a component opts in with these annotations in its catalog-info.yaml:'
            : `A component opts into deployments with the ${DEPLOY_CLUSTER_ANNOTATION} annotation in its catalog-info.yaml, naming the cluster (or several, separated by commas; the first is the default), and optionally ${DEPLOY_NAMESPACE_ANNOTATION} for the namespace:`
        }
        action={
          <>
            <Box maxWidth={640} mb={2} data-testid="annotation-snippet">
              <CodeSnippet
                language="yaml"
                text={snippet(clusters?.[0]?.name ?? '<cluster>', entityName)}
                showCopyCodeButton
              />
            </Box>
            {clusters && clusters.length > 0 && (
              <Typography variant="body2" data-testid="configured-clusters">
                Clusters in this portal:{' '}
                {clusters.map((c, i) => (
                  <span key={c.name}>
                    {i > 0 && ', '}
                    <code>{c.name}</code>
                    {c.title !== c.name && ` (${c.title})`}
                  </span>
                ))}
              </Typography>
            )}
          </>
        }
      />
    </div>
  );
}
