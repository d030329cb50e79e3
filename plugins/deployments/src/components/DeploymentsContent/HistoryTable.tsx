import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { Table, TableColumn } from '@backstage/core-components';
import { Deployment } from '@paved/plugin-deployments-common';
import { inFlight } from '../../hooks/useLiveDeployments';
import {
  formatAction,
  formatDuration,
  formatReplicas,
  nameOf,
} from '../../format';
import { DeploymentStatusChip, RelativeTime } from '../common';

/** material-table writes its bookkeeping into row objects, so it gets copies. */
type Row = Deployment & { tableData?: unknown };

/** Every change Paved made to the entity's workloads, newest first, with what can be done to each. */
export function HistoryTable(props: {
  deployments: Deployment[];
  clusterTitles: Record<string, string>;
  showCluster: boolean;
  canDeploy: boolean;
  canRollback: boolean;
  onRollback: (d: Deployment) => void;
  onRedeploy: (d: Deployment) => void;
  onShowManifests: (d: Deployment) => void;
}) {
  const { canDeploy, canRollback } = props;
  const columns: TableColumn<Row>[] = [
    {
      title: 'When',
      field: 'createdAt',
      render: d => (
        <span data-testid="history-row" data-deployment-id={d.id}>
          <RelativeTime iso={d.createdAt} />
        </span>
      ),
    },
    ...(props.showCluster
      ? [
          {
            title: 'Cluster',
            field: 'cluster',
            render: (d: Row) => props.clusterTitles[d.cluster] ?? d.cluster,
          },
        ]
      : []),
    { title: 'Action', field: 'action', render: d => formatAction(d.action) },
    {
      title: 'Image',
      field: 'image',
      render: d => <code style={{ overflowWrap: 'anywhere' }}>{d.image}</code>,
    },
    {
      title: 'Replicas',
      field: 'replicas',
      render: d => formatReplicas(d.replicas),
    },
    { title: 'Revision', field: 'revision', render: d => d.revision ?? '–' },
    {
      title: 'Status',
      field: 'status',
      render: d => (
        <>
          <DeploymentStatusChip status={d.status} />
          {d.error && (
            <Tooltip title={d.error.message}>
              <Typography
                variant="caption"
                color="error"
                display="block"
                data-testid="history-error"
              >
                {d.error.reason}
              </Typography>
            </Tooltip>
          )}
          {inFlight(d) && d.progress && (
            <Typography variant="caption" color="textSecondary" display="block">
              {d.progress.message}
            </Typography>
          )}
        </>
      ),
    },
    { title: 'Who', field: 'createdBy', render: d => nameOf(d.createdBy) },
    {
      title: 'Duration',
      field: 'durationMs',
      render: d => formatDuration(d.durationMs),
    },
    {
      title: 'Actions',
      field: 'id',
      render: d => {
        const finished = !inFlight(d);
        return (
          <Box display="flex" style={{ gap: 4 }} whiteSpace="nowrap">
            {canRollback && finished && (
              <Button size="small" onClick={() => props.onRollback(d)}>
                Rollback
              </Button>
            )}
            {canDeploy && finished && (
              <Button size="small" onClick={() => props.onRedeploy(d)}>
                Redeploy
              </Button>
            )}
            <Button size="small" onClick={() => props.onShowManifests(d)}>
              Manifests
            </Button>
          </Box>
        );
      },
    },
  ];
  return (
    <div data-testid="deployment-history">
      <Table<Row>
        title="History"
        subtitle="Every deploy, rollback, redeploy, scale and restart, newest first"
        options={{
          paging: props.deployments.length > 20,
          pageSize: 20,
          search: false,
          sorting: false,
          padding: 'dense',
        }}
        columns={columns}
        data={props.deployments.map(d => ({ ...d }))}
        emptyContent={
          <Box p={2}>
            <Typography variant="body2" color="textSecondary">
              Nothing deployed from the portal yet.
            </Typography>
          </Box>
        }
      />
    </div>
  );
}
