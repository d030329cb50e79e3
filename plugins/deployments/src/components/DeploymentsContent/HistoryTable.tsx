import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import CodeIcon from '@material-ui/icons/Code';
import ReplayIcon from '@material-ui/icons/Replay';
import UndoIcon from '@material-ui/icons/Undo';
import { Table, TableColumn } from '@backstage/core-components';
import { Deployment } from '@paved/plugin-deployments-common';
import { inFlight } from '../../hooks/useLiveDeployments';
import {
  formatAction,
  formatDuration,
  formatReplicas,
  nameOf,
  shortImage,
} from '../../format';
import { DeploymentStatusChip, RelativeTime } from '../common';

/** material-table writes its bookkeeping into row objects, so it gets copies. */
type Row = Deployment & { tableData?: unknown };

/** Every change Paved made to the entity's workloads, newest first, with what can be done to each. */
export function HistoryTable(props: {
  deployments: Deployment[];
  clusterTitles: Record<string, string>;
  showCluster: boolean;
  /** Whether `deployments` is the whole history, not its newest page. */
  complete: boolean;
  canDeploy: boolean;
  canRollback: boolean;
  onRollback: (d: Deployment) => void;
  onRedeploy: (d: Deployment) => void;
  onShowManifests: (d: Deployment) => void;
}) {
  const { canDeploy, canRollback } = props;
  // A rollback re-applies the last success before the row on the same cluster. Where the whole
  // history shows none, the button could only ever answer "nothing to roll back to".
  const hasEarlierSuccess = new Set<string>();
  const succeededSeen = new Set<string>();
  for (const d of [...props.deployments].reverse()) {
    if (succeededSeen.has(d.cluster)) hasEarlierSuccess.add(d.id);
    if (d.status === 'succeeded') succeededSeen.add(d.cluster);
  }
  const canRollBackTo = (d: Deployment) =>
    !props.complete || hasEarlierSuccess.has(d.id);
  // Short values read best on one line. material-table gives every column an equal share
  // unless told otherwise, so every column but the image's gets a width.
  const oneLine = { whiteSpace: 'nowrap' } as const;
  const columns: TableColumn<Row>[] = [
    {
      title: 'When',
      field: 'createdAt',
      width: '130px',
      cellStyle: oneLine,
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
    {
      title: 'Action',
      field: 'action',
      width: '90px',
      cellStyle: oneLine,
      render: d => formatAction(d.action),
    },
    {
      title: 'Image',
      field: 'image',
      cellStyle: oneLine,
      render: d => (
        <Tooltip title={d.image}>
          <code data-image={d.image}>{shortImage(d.image)}</code>
        </Tooltip>
      ),
    },
    {
      title: 'Replicas',
      field: 'replicas',
      width: '80px',
      render: d => formatReplicas(d.replicas),
    },
    {
      title: 'Revision',
      field: 'revision',
      width: '80px',
      render: d => d.revision ?? '–',
    },
    {
      title: 'Status',
      field: 'status',
      width: '150px',
      cellStyle: oneLine,
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
    {
      title: 'Who',
      field: 'createdBy',
      width: '90px',
      render: d => nameOf(d.createdBy),
    },
    {
      title: 'Duration',
      field: 'durationMs',
      width: '90px',
      cellStyle: oneLine,
      render: d => formatDuration(d.durationMs),
    },
    {
      title: 'Actions',
      field: 'id',
      width: '130px',
      render: d => {
        const finished = !inFlight(d);
        return (
          <Box display="flex" whiteSpace="nowrap">
            {canRollback && finished && canRollBackTo(d) && (
              <Tooltip title="Roll back: apply again the last deploy that succeeded before this one">
                <IconButton
                  size="small"
                  aria-label="Rollback"
                  onClick={() => props.onRollback(d)}
                >
                  <UndoIcon fontSize="small" />
                </IconButton>
              </Tooltip>
            )}
            {canDeploy && finished && (
              <Tooltip title="Redeploy: apply this row's manifests again">
                <IconButton
                  size="small"
                  aria-label="Redeploy"
                  onClick={() => props.onRedeploy(d)}
                >
                  <ReplayIcon fontSize="small" />
                </IconButton>
              </Tooltip>
            )}
            <Tooltip title="Manifests this row applied">
              <IconButton
                size="small"
                aria-label="Manifests"
                onClick={() => props.onShowManifests(d)}
              >
                <CodeIcon fontSize="small" />
              </IconButton>
            </Tooltip>
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
