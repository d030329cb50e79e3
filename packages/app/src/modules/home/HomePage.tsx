import useAsync from 'react-use/esm/useAsync';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Card from '@material-ui/core/Card';
import CardActions from '@material-ui/core/CardActions';
import CardContent from '@material-ui/core/CardContent';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  Content,
  Header,
  Link,
  Page,
  Progress,
  Table,
  TableColumn,
  WarningPanel,
} from '@backstage/core-components';
import {
  identityApiRef,
  useApi,
  useRouteRef,
} from '@backstage/frontend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { EntityRefLink, catalogApiRef } from '@backstage/plugin-catalog-react';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import {
  PAVED_ANNOTATIONS,
  templateLifecycleOf,
} from '@paved/plugin-paved-common';

type Row = {
  ref: string;
  title: string;
  type: string;
  system?: string;
  owner: string;
  template?: string;
};

/**
 * What a developer sees after signing in: the golden paths to start from, and the services their
 * teams own, each with the golden path it came from.
 */
export function HomePage() {
  const identityApi = useApi(identityApiRef);
  const catalogApi = useApi(catalogApiRef);
  const createRoute = useRouteRef(scaffolderPlugin.routes.root);
  const templateRoute = useRouteRef(scaffolderPlugin.routes.selectedTemplate);

  const data = useAsync(async () => {
    const [identity, profile] = await Promise.all([
      identityApi.getBackstageIdentity(),
      identityApi.getProfileInfo(),
    ]);
    const owners = identity.ownershipEntityRefs;
    const [templates, owned] = await Promise.all([
      catalogApi.getEntities({ filter: { kind: 'Template' } }),
      catalogApi.getEntities({
        filter: { kind: 'Component', 'spec.owner': owners },
        fields: ['kind', 'metadata', 'spec'],
      }),
    ]);
    const paths = templates.items
      .filter(t => templateLifecycleOf(t) === 'recommended')
      .concat(
        templates.items.filter(t => templateLifecycleOf(t) === 'supported'),
      );
    // Descriptors may name relations by short name ("payments"); links need full refs.
    const fullRef = (
      value: unknown,
      defaultKind: string,
      namespace = 'default',
    ) =>
      typeof value === 'string' && value
        ? stringifyEntityRef(
            parseEntityRef(value, { defaultKind, defaultNamespace: namespace }),
          )
        : undefined;
    const rows: Row[] = owned.items.map((e: Entity) => ({
      ref: stringifyEntityRef(e),
      title: e.metadata.title ?? e.metadata.name,
      type: String(e.spec?.type ?? ''),
      system: fullRef(e.spec?.system, 'system', e.metadata.namespace),
      owner: fullRef(e.spec?.owner, 'group', e.metadata.namespace) ?? '',
      template: fullRef(
        e.metadata.annotations?.[PAVED_ANNOTATIONS.template],
        'template',
      ),
    }));
    // Guest sign-in carries no profile; the user's catalog entity has the display name.
    const user = profile.displayName
      ? undefined
      : await catalogApi
          .getEntityByRef(identity.userEntityRef)
          .catch(() => undefined);
    const displayName =
      profile.displayName ??
      (user?.spec?.profile as { displayName?: string } | undefined)
        ?.displayName ??
      user?.metadata.title ??
      identity.userEntityRef;
    return { name: displayName, paths, rows };
  }, [identityApi, catalogApi]);

  const columns: TableColumn<Row>[] = [
    {
      title: 'Name',
      field: 'title',
      render: r => <EntityRefLink entityRef={r.ref} title={r.title} />,
    },
    { title: 'Type', field: 'type' },
    {
      title: 'System',
      field: 'system',
      render: r => (r.system ? <EntityRefLink entityRef={r.system} /> : '–'),
    },
    {
      title: 'Owner',
      field: 'owner',
      render: r => (r.owner ? <EntityRefLink entityRef={r.owner} /> : '–'),
    },
    {
      title: 'Golden path',
      field: 'template',
      render: r =>
        r.template ? <EntityRefLink entityRef={r.template} /> : '–',
    },
  ];

  return (
    <Page themeId="home">
      <Header
        title={data.value ? `Welcome, ${data.value.name}` : 'Welcome to Paved'}
        subtitle="Start from a golden path, and find what your teams run"
      />
      <Content>
        {data.loading && <Progress />}
        {data.error && (
          <WarningPanel severity="error" title="Could not load your home page">
            {data.error.message}
          </WarningPanel>
        )}
        {data.value && (
          <Grid container spacing={3}>
            <Grid item xs={12}>
              <Box
                display="flex"
                justifyContent="space-between"
                alignItems="baseline"
              >
                <Typography variant="h5" component="h2">
                  Start something new
                </Typography>
                <Link to={createRoute?.() ?? '/create'}>All golden paths</Link>
              </Box>
            </Grid>
            {data.value.paths.map(t => (
              <Grid item xs={12} md={4} key={stringifyEntityRef(t)}>
                <Card
                  style={{
                    height: '100%',
                    display: 'flex',
                    flexDirection: 'column',
                  }}
                >
                  <CardContent style={{ flexGrow: 1 }}>
                    <Typography variant="h6" component="h3">
                      {t.metadata.title ?? t.metadata.name}
                    </Typography>
                    <Typography variant="body2" color="textSecondary">
                      {t.metadata.description}
                    </Typography>
                  </CardContent>
                  <CardActions>
                    <Button
                      color="primary"
                      variant={
                        templateLifecycleOf(t) === 'recommended'
                          ? 'contained'
                          : 'outlined'
                      }
                      href={
                        templateRoute?.({
                          namespace: t.metadata.namespace ?? 'default',
                          templateName: t.metadata.name,
                        }) ?? `/create/templates/default/${t.metadata.name}`
                      }
                    >
                      Create
                    </Button>
                  </CardActions>
                </Card>
              </Grid>
            ))}
            <Grid item xs={12}>
              <Table<Row>
                title="Your teams' components"
                options={{
                  paging: data.value.rows.length > 20,
                  pageSize: 20,
                  search: true,
                  padding: 'dense',
                }}
                columns={columns}
                data={data.value.rows}
                emptyContent={
                  <Box p={2}>
                    <Typography>
                      None of your teams owns a component yet. Start one from a
                      golden path above.
                    </Typography>
                  </Box>
                }
              />
            </Grid>
          </Grid>
        )}
      </Content>
    </Page>
  );
}
