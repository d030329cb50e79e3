import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import {
  Content,
  Progress,
  Table,
  TableColumn,
  WarningPanel,
} from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/frontend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { EntityRefLink, catalogApiRef } from '@backstage/plugin-catalog-react';
import { HealthStatus, PAVED_ANNOTATIONS } from '@paved/plugin-paved-common';
import { pipelinesApiRef } from '../../api/PipelinesApi';
import { HealthBadge } from '../HealthBadge';
import { useRefreshEvery } from '../../useRefreshEvery';
import { formatCount, formatSeconds } from '../../format';

type Row = {
  ref: string;
  title: string;
  status: HealthStatus;
  reason: string;
  lagMessages: number | null;
  lagSeconds: number | null;
  owner: string;
  system?: string;
  cluster: string;
  registered: boolean;
  mine: boolean;
};

const REFRESH_MS = 30_000;
const ORDER: HealthStatus[] = ['failing', 'degraded', 'unknown', 'healthy'];

/**
 * Every pipeline with its health, worst first, so on-call sees what needs them; owners can
 * edit and remove the ones registered in the portal.
 */
export function PipelinesListPage() {
  const api = useApi(pipelinesApiRef);
  const catalogApi = useApi(catalogApiRef);
  const identityApi = useApi(identityApiRef);
  const navigate = useNavigate();
  const [deleting, setDeleting] = useState<Row>();
  const [deleteError, setDeleteError] = useState<string>();

  const data = useAsyncRetry(async () => {
    const [{ items }, health, registered, identity, clusters, refused] =
      await Promise.all([
        catalogApi.getEntities({ filter: { kind: 'Pipeline' } }),
        api.listHealth(),
        api.listRegistered(),
        identityApi.getBackstageIdentity(),
        api.listClusters(),
        api.listCatalogErrors(),
      ]);
    const healthOf = new Map(health.map(h => [h.entityRef, h]));
    const registeredRefs = new Set(registered.map(r => r.entityRef));
    const defaultCluster = clusters.find(c => c.isDefault)?.name ?? '';
    const rows: Row[] = items.map(e => {
      const ref = stringifyEntityRef(e);
      const h = healthOf.get(ref);
      const owner = String(e.spec?.owner ?? '');
      return {
        ref,
        title: e.metadata.title ?? e.metadata.name,
        status: h?.status ?? 'unknown',
        reason: h?.reasons[0] ?? 'Not read from Kafka yet',
        lagMessages: h?.lag.messages ?? null,
        lagSeconds: h?.lag.seconds ?? null,
        owner,
        system: e.spec?.system as string | undefined,
        cluster:
          e.metadata.annotations?.[PAVED_ANNOTATIONS.kafkaCluster] ??
          defaultCluster,
        registered: registeredRefs.has(ref),
        mine: identity.ownershipEntityRefs.some(
          o =>
            o.toLowerCase() === owner.toLowerCase() || o.endsWith(`/${owner}`),
        ),
      };
    });
    rows.sort(
      (a, b) =>
        ORDER.indexOf(a.status) - ORDER.indexOf(b.status) ||
        a.title.localeCompare(b.title),
    );
    return { rows, clusters, refused };
  }, [api, catalogApi, identityApi]);

  useRefreshEvery(REFRESH_MS, data.retry);

  if (data.loading && !data.value) return <Progress />;
  if (data.error) {
    return (
      <Content>
        <WarningPanel severity="error" title="Could not load the pipelines">
          {data.error.message}
        </WarningPanel>
      </Content>
    );
  }
  const { rows, clusters, refused } = data.value!;
  const columns: TableColumn<Row>[] = [
    {
      title: 'Pipeline',
      field: 'title',
      render: r => <EntityRefLink entityRef={r.ref} title={r.title} />,
    },
    {
      title: 'Health',
      field: 'status',
      render: r => <HealthBadge status={r.status} />,
    },
    { title: 'Why', field: 'reason', width: '30%' },
    {
      title: 'Lag',
      field: 'lagMessages',
      type: 'numeric',
      render: r => formatCount(r.lagMessages),
    },
    {
      title: 'Behind',
      field: 'lagSeconds',
      type: 'numeric',
      render: r => formatSeconds(r.lagSeconds),
    },
    {
      title: 'Owner',
      field: 'owner',
      render: r =>
        r.owner ? (
          <EntityRefLink entityRef={r.owner} defaultKind="group" />
        ) : (
          '–'
        ),
    },
    { title: 'Cluster', field: 'cluster' },
    {
      title: 'Defined',
      field: 'registered',
      render: r => (r.registered ? 'in the portal' : 'in a repository'),
    },
    {
      title: '',
      sorting: false,
      render: r =>
        r.registered && r.mine ? (
          <Box display="flex" style={{ gap: 4 }}>
            <Button
              size="small"
              onClick={() => navigate(`edit/${r.ref.split(':')[1]}`)}
            >
              Edit
            </Button>
            <Button
              size="small"
              color="secondary"
              onClick={() => setDeleting(r)}
            >
              Delete
            </Button>
          </Box>
        ) : null,
    },
  ];

  return (
    <Content>
      <Box
        display="flex"
        justifyContent="space-between"
        alignItems="center"
        mb={2}
      >
        <Typography variant="body1">
          Streaming and batch pipelines, their lag read from Kafka and judged
          against their SLO. Worst first.
        </Typography>
        <Button
          variant="contained"
          color="primary"
          onClick={() => navigate('register')}
          disabled={clusters.length === 0}
        >
          Register pipeline
        </Button>
      </Box>
      {clusters.length === 0 && (
        <Box mb={2}>
          <WarningPanel severity="info" title="No Kafka cluster is configured">
            Health needs a cluster under pipelines.kafka.clusters (locally:
            ./scripts/start --with-stack).
          </WarningPanel>
        </Box>
      )}
      {refused.length > 0 && (
        <Box mb={2}>
          <WarningPanel
            severity="warning"
            title={`The catalog refused ${refused.length} pipeline descriptor${
              refused.length > 1 ? 's' : ''
            }`}
            defaultExpanded
          >
            <ul style={{ margin: 0 }} data-testid="refused-descriptors">
              {refused.map(r => (
                <li key={r.entityRef}>
                  <Typography variant="body2">
                    <strong>{r.entityRef}</strong>
                    {r.location ? ` (${r.location})` : ''}:{' '}
                    {r.errors.join('; ')}
                  </Typography>
                </li>
              ))}
            </ul>
          </WarningPanel>
        </Box>
      )}
      <Table<Row>
        title={`Pipelines (${rows.length})`}
        options={{
          paging: rows.length > 25,
          pageSize: 25,
          search: true,
          padding: 'dense',
        }}
        columns={columns}
        data={rows}
        emptyContent={
          <Box p={2}>
            <Typography>
              No pipelines yet. Register one, or add a Pipeline to a
              repository's catalog-info.yaml.
            </Typography>
          </Box>
        }
      />
      <Dialog open={Boolean(deleting)} onClose={() => setDeleting(undefined)}>
        <DialogTitle>Delete {deleting?.title}?</DialogTitle>
        <DialogContent>
          <Typography>
            It leaves the catalog and its health history is no longer kept.
            Kafka is not touched.
          </Typography>
          {deleteError && <Typography color="error">{deleteError}</Typography>}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setDeleting(undefined)}>Cancel</Button>
          <Button
            color="secondary"
            onClick={async () => {
              try {
                await api.remove(deleting!.ref);
                setDeleting(undefined);
                setDeleteError(undefined);
                data.retry();
              } catch (e) {
                setDeleteError((e as Error).message);
              }
            }}
          >
            Delete
          </Button>
        </DialogActions>
      </Dialog>
    </Content>
  );
}
