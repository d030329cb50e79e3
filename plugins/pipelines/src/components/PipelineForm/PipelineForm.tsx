import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import Alert from '@material-ui/lab/Alert';
import Autocomplete from '@material-ui/lab/Autocomplete';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import IconButton from '@material-ui/core/IconButton';
import MenuItem from '@material-ui/core/MenuItem';
import Paper from '@material-ui/core/Paper';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import DeleteIcon from '@material-ui/icons/Delete';
import { Content, Progress, WarningPanel } from '@backstage/core-components';
import {
  identityApiRef,
  useApi,
  useRouteRef,
} from '@backstage/frontend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  PAVED_ANNOTATIONS,
  PipelineEntity,
  parsePipelineEntity,
} from '@paved/plugin-paved-common';
import { pipelinesApiRef } from '../../api/PipelinesApi';

type Row = { topic: string; consumerGroup: string };
type FormState = {
  name: string;
  title: string;
  description: string;
  owner: string;
  system: string;
  component: string;
  type: 'streaming' | 'batch';
  lifecycle: string;
  cluster: string;
  inputs: Row[];
  outputs: Array<{ topic: string }>;
  maxLagMessages: string;
  maxLagSeconds: string;
};

const EMPTY: FormState = {
  name: '',
  title: '',
  description: '',
  owner: '',
  system: '',
  component: '',
  type: 'streaming',
  lifecycle: 'production',
  cluster: '',
  inputs: [{ topic: '', consumerGroup: '' }],
  outputs: [],
  maxLagMessages: '',
  maxLagSeconds: '',
};

function toEntity(s: FormState, namespace: string): unknown {
  const num = (v: string) => (v.trim() === '' ? undefined : Number(v));
  return {
    apiVersion: 'paved.dev/v1alpha1',
    kind: 'Pipeline',
    metadata: {
      name: s.name.trim(),
      namespace,
      ...(s.title.trim() ? { title: s.title.trim() } : {}),
      ...(s.description.trim() ? { description: s.description.trim() } : {}),
      ...(s.cluster
        ? { annotations: { [PAVED_ANNOTATIONS.kafkaCluster]: s.cluster } }
        : {}),
    },
    spec: {
      type: s.type,
      lifecycle: s.lifecycle,
      owner: s.owner,
      ...(s.system ? { system: s.system } : {}),
      ...(s.component ? { component: s.component } : {}),
      inputs: s.inputs.map(i => ({
        topic: i.topic.trim(),
        consumerGroup: i.consumerGroup.trim(),
      })),
      outputs: s.outputs.map(o => ({ topic: o.topic.trim() })),
      slo: {
        ...(num(s.maxLagMessages) !== undefined
          ? { maxLagMessages: num(s.maxLagMessages) }
          : {}),
        ...(num(s.maxLagSeconds) !== undefined
          ? { maxLagSeconds: num(s.maxLagSeconds) }
          : {}),
      },
    },
  };
}

function fromEntity(e: PipelineEntity): FormState {
  return {
    name: e.metadata.name,
    title: e.metadata.title ?? '',
    description: e.metadata.description ?? '',
    owner: e.spec.owner,
    system: e.spec.system ?? '',
    component: e.spec.component ?? '',
    type: e.spec.type,
    lifecycle: e.spec.lifecycle,
    cluster: e.metadata.annotations?.[PAVED_ANNOTATIONS.kafkaCluster] ?? '',
    inputs: e.spec.inputs.map(i => ({ ...i })),
    outputs: e.spec.outputs.map(o => ({ ...o })),
    maxLagMessages: e.spec.slo.maxLagMessages?.toString() ?? '',
    maxLagSeconds: e.spec.slo.maxLagSeconds?.toString() ?? '',
  };
}

/** problems "spec.inputs[0].topic: ..." keyed by their path. */
function byField(problems: string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const p of problems) {
    const i = p.indexOf(': ');
    const key = p.slice(0, i);
    if (!map.has(key)) map.set(key, p.slice(i + 2));
  }
  return map;
}

function TopicPicker(props: {
  cluster: string;
  label: string;
  value: string;
  onChange(v: string): void;
  error?: string;
  topics: string[];
  id: string;
}) {
  const known = props.topics.includes(props.value);
  return (
    <Autocomplete
      id={props.id}
      freeSolo
      options={props.topics}
      value={props.value}
      onInputChange={(_, v) => props.onChange(v)}
      renderInput={params => (
        <TextField
          {...params}
          label={props.label}
          variant="outlined"
          size="small"
          error={Boolean(props.error)}
          helperText={
            props.error ??
            (props.value && !known && props.topics.length
              ? `Not on cluster ${props.cluster} yet`
              : ' ')
          }
        />
      )}
    />
  );
}

function GroupPicker(props: {
  id: string;
  cluster: string;
  topic: string;
  value: string;
  onChange(v: string): void;
  error?: string;
}) {
  const api = useApi(pipelinesApiRef);
  const groups = useAsync(
    async () =>
      props.cluster && props.topic
        ? api.listGroups(props.cluster, props.topic)
        : [],
    [api, props.cluster, props.topic],
  );
  return (
    <Autocomplete
      id={props.id}
      freeSolo
      options={(groups.value ?? []).map(g => g.groupId)}
      value={props.value}
      onInputChange={(_, v) => props.onChange(v)}
      loading={groups.loading}
      renderInput={params => (
        <TextField
          {...params}
          label="Consumer group"
          variant="outlined"
          size="small"
          error={Boolean(props.error)}
          helperText={
            props.error ??
            (groups.value?.length
              ? `${groups.value.length} group(s) read this topic`
              : 'Groups that read the topic are offered')
          }
        />
      )}
    />
  );
}

/**
 * Registering (or editing) a pipeline: every field checked as it is typed with the same schema
 * the server and the catalog use, topics and consumer groups offered from the chosen cluster.
 */
export function PipelineForm(props: { editRef?: string }) {
  const api = useApi(pipelinesApiRef);
  const catalogApi = useApi(catalogApiRef);
  const identityApi = useApi(identityApiRef);
  const navigate = useNavigate();
  const [state, setState] = useState<FormState>(EMPTY);
  const [submitted, setSubmitted] = useState(false);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [serverError, setServerError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const [waiting, setWaiting] = useState(false);
  const entityRoute = useRouteRef(entityRouteRef);

  const context = useAsync(async () => {
    const [identity, clusters, groups, systems, components, existing] =
      await Promise.all([
        identityApi.getBackstageIdentity(),
        api.listClusters(),
        catalogApi.getEntities({
          filter: { kind: 'Group' },
          fields: [
            'kind',
            'metadata.name',
            'metadata.namespace',
            'metadata.title',
            'spec.type',
          ],
        }),
        catalogApi.getEntities({
          filter: { kind: 'System' },
          fields: [
            'kind',
            'metadata.name',
            'metadata.namespace',
            'metadata.title',
          ],
        }),
        catalogApi.getEntities({
          filter: { kind: 'Component' },
          fields: [
            'kind',
            'metadata.name',
            'metadata.namespace',
            'metadata.title',
          ],
        }),
        props.editRef
          ? api
              .listRegistered()
              .then(list => list.find(r => r.entityRef === props.editRef))
          : undefined,
      ]);
    // Teams own pipelines; departments and the like come after them, so that the default
    // owner is the user's team.
    const mine = groups.items
      .filter(g => identity.ownershipEntityRefs.includes(stringifyEntityRef(g)))
      .sort(
        (a, b) =>
          Number(b.spec?.type === 'team') - Number(a.spec?.type === 'team'),
      );
    return {
      clusters,
      owners: mine,
      systems: systems.items,
      components: components.items,
      existing,
    };
  }, [api, catalogApi, identityApi, props.editRef]);

  useEffect(() => {
    const v = context.value;
    if (!v) return;
    if (v.existing) setState(fromEntity(v.existing.entity));
    else
      setState(s => ({
        ...s,
        cluster:
          s.cluster ||
          (v.clusters.find(c => c.isDefault)?.name ??
            v.clusters[0]?.name ??
            ''),
        owner: s.owner || (v.owners[0] ? stringifyEntityRef(v.owners[0]) : ''),
      }));
  }, [context.value]);

  const topics = useAsync(
    async () => (state.cluster ? api.listTopics(state.cluster) : []),
    [api, state.cluster],
  );
  const topicNames = (topics.value ?? []).map(t => t.name);

  const namespace = 'default';
  const parsed = useMemo(
    () => parsePipelineEntity(toEntity(state, namespace)),
    [state],
  );
  const problems = parsed.ok
    ? new Map<string, string>()
    : byField(parsed.problems);
  const show = (key: string) =>
    submitted || touched.has(key) ? problems.get(key) : undefined;
  const touch = (key: string) => setTouched(t => new Set(t).add(key));
  const set = <K extends keyof FormState>(
    key: K,
    value: FormState[K],
    field = String(key),
  ) => {
    setState(s => ({ ...s, [key]: value }));
    touch(field);
  };

  if (context.loading) return <Progress />;
  if (context.error) {
    return (
      <Content>
        <WarningPanel
          severity="error"
          title="Could not load what the form needs"
        >
          {context.error.message}
        </WarningPanel>
      </Content>
    );
  }
  const { clusters, owners, systems, components, existing } = context.value!;
  if (props.editRef && !existing) {
    return (
      <Content>
        <WarningPanel
          severity="warning"
          title={`${props.editRef} was not registered in the portal`}
        >
          Pipelines defined in a repository are changed in their
          catalog-info.yaml.
        </WarningPanel>
      </Content>
    );
  }
  if (clusters.length === 0) {
    return (
      <Content>
        <WarningPanel severity="info" title="No Kafka cluster is configured">
          Pipelines read Kafka; configure pipelines.kafka.clusters (locally:
          ./scripts/start --with-stack).
        </WarningPanel>
      </Content>
    );
  }

  const submit = async () => {
    setSubmitted(true);
    setServerError(undefined);
    if (!parsed.ok) return;
    setSaving(true);
    try {
      const saved = props.editRef
        ? await api.update(props.editRef, parsed.entity)
        : await api.register(parsed.entity);
      const { namespace: ns, name } = saved.entity.metadata as {
        namespace: string;
        name: string;
      };
      // The catalog takes the new pipeline from the pipelines plugin within seconds; wait for it
      // so the page we open has it.
      setWaiting(true);
      for (let i = 0; i < 40; i++) {
        if (
          await catalogApi.getEntityByRef({
            kind: 'Pipeline',
            namespace: ns,
            name,
          })
        )
          break;
        await new Promise(r => setTimeout(r, 500));
      }
      const page =
        entityRoute?.({ namespace: ns, kind: 'pipeline', name }) ??
        `/catalog/${ns}/pipeline/${name}`;
      navigate(`${page}/health`);
    } catch (e) {
      const err = e as {
        body?: { error?: { message?: string } };
        message: string;
      };
      setServerError(err.body?.error?.message ?? err.message);
    } finally {
      setSaving(false);
    }
  };

  const refOptions = (
    list: Array<{
      metadata: { name: string; title?: string; namespace?: string };
      kind: string;
    }>,
  ) =>
    list.map(e => ({
      ref: stringifyEntityRef(e as any),
      label: e.metadata.title ?? e.metadata.name,
    }));

  const submitLabel = waiting
    ? 'Saved; opening it…'
    : (props.editRef && 'Save') || 'Register';

  return (
    <Content>
      <Paper style={{ padding: 24, maxWidth: 1000 }}>
        <Typography variant="h5" component="h2" gutterBottom>
          {props.editRef ? `Edit ${props.editRef}` : 'Register a pipeline'}
        </Typography>
        <Typography variant="body2" color="textSecondary" paragraph>
          A pipeline reads Kafka topics with a consumer group, may write others,
          and promises how far behind it may fall. The portal reads its lag from
          the cluster every poll and judges its health against that promise.
        </Typography>
        <Grid container spacing={2}>
          <Grid item xs={12} md={6}>
            <TextField
              id="pipeline-name"
              label="Name"
              required
              fullWidth
              variant="outlined"
              size="small"
              disabled={Boolean(props.editRef)}
              value={state.name}
              onChange={e => set('name', e.target.value, 'metadata.name')}
              error={Boolean(show('metadata.name'))}
              helperText={
                show('metadata.name') ??
                'Unique in the catalog, e.g. orders-enrichment'
              }
            />
          </Grid>
          <Grid item xs={12} md={6}>
            <TextField
              id="pipeline-title"
              label="Title"
              fullWidth
              variant="outlined"
              size="small"
              value={state.title}
              onChange={e => set('title', e.target.value)}
              helperText="Shown instead of the name"
            />
          </Grid>
          <Grid item xs={12}>
            <TextField
              id="pipeline-description"
              label="Description"
              fullWidth
              variant="outlined"
              size="small"
              value={state.description}
              onChange={e =>
                set('description', e.target.value, 'metadata.description')
              }
              error={Boolean(show('metadata.description'))}
              helperText={show('metadata.description') ?? ' '}
            />
          </Grid>
          <Grid item xs={12} md={4}>
            <TextField
              select
              id="pipeline-owner"
              label="Owner"
              required
              fullWidth
              variant="outlined"
              size="small"
              value={state.owner}
              onChange={e => set('owner', e.target.value, 'spec.owner')}
              error={Boolean(show('spec.owner'))}
              helperText={show('spec.owner') ?? 'Groups you belong to'}
            >
              {refOptions(owners).map(o => (
                <MenuItem key={o.ref} value={o.ref}>
                  {o.label}
                </MenuItem>
              ))}
            </TextField>
          </Grid>
          <Grid item xs={12} md={4}>
            <TextField
              select
              id="pipeline-system"
              label="System"
              fullWidth
              variant="outlined"
              size="small"
              value={state.system}
              onChange={e => set('system', e.target.value, 'spec.system')}
              helperText="Optional"
            >
              <MenuItem value="">None</MenuItem>
              {refOptions(systems).map(o => (
                <MenuItem key={o.ref} value={o.ref}>
                  {o.label}
                </MenuItem>
              ))}
            </TextField>
          </Grid>
          <Grid item xs={12} md={4}>
            <TextField
              select
              id="pipeline-component"
              label="Runs as component"
              fullWidth
              variant="outlined"
              size="small"
              value={state.component}
              onChange={e => set('component', e.target.value, 'spec.component')}
              helperText="Optional: the service that runs it"
            >
              <MenuItem value="">None</MenuItem>
              {refOptions(components).map(o => (
                <MenuItem key={o.ref} value={o.ref}>
                  {o.label}
                </MenuItem>
              ))}
            </TextField>
          </Grid>
          <Grid item xs={12} md={4}>
            <TextField
              select
              id="pipeline-type"
              label="Type"
              fullWidth
              variant="outlined"
              size="small"
              value={state.type}
              onChange={e =>
                set('type', e.target.value as FormState['type'], 'spec.type')
              }
            >
              <MenuItem value="streaming">Streaming</MenuItem>
              <MenuItem value="batch">Batch</MenuItem>
            </TextField>
          </Grid>
          <Grid item xs={12} md={4}>
            <TextField
              select
              id="pipeline-lifecycle"
              label="Lifecycle"
              fullWidth
              variant="outlined"
              size="small"
              value={state.lifecycle}
              onChange={e => set('lifecycle', e.target.value, 'spec.lifecycle')}
            >
              {['production', 'experimental', 'deprecated'].map(l => (
                <MenuItem key={l} value={l}>
                  {l}
                </MenuItem>
              ))}
            </TextField>
          </Grid>
          <Grid item xs={12} md={4}>
            <TextField
              select
              id="pipeline-cluster"
              label="Kafka cluster"
              fullWidth
              variant="outlined"
              size="small"
              value={state.cluster}
              onChange={e => set('cluster', e.target.value)}
            >
              {clusters.map(c => (
                <MenuItem key={c.name} value={c.name}>{`${c.name}${
                  c.isDefault ? ' (default)' : ''
                }`}</MenuItem>
              ))}
            </TextField>
          </Grid>

          <Grid item xs={12}>
            <Typography variant="h6" component="h3">
              Inputs
            </Typography>
            {topics.error && (
              <Alert severity="warning">
                Could not list the topics of {state.cluster}:{' '}
                {topics.error.message}
              </Alert>
            )}
            {show('spec.inputs') && (
              <Alert severity="error">{show('spec.inputs')}</Alert>
            )}
          </Grid>
          {state.inputs.map((input, i) => (
            <Grid item xs={12} key={`in-${i}`}>
              <Box display="flex" style={{ gap: 12 }} alignItems="flex-start">
                <Box flex={1}>
                  <TopicPicker
                    cluster={state.cluster}
                    id={`pipeline-input-${i}-topic`}
                    label={`Input topic ${i + 1}`}
                    topics={topicNames}
                    value={input.topic}
                    error={show(`spec.inputs[${i}].topic`)}
                    onChange={v =>
                      set(
                        'inputs',
                        state.inputs.map((x, j) =>
                          j === i ? { ...x, topic: v } : x,
                        ),
                        `spec.inputs[${i}].topic`,
                      )
                    }
                  />
                </Box>
                <Box flex={1}>
                  <GroupPicker
                    id={`pipeline-input-${i}-group`}
                    cluster={state.cluster}
                    topic={input.topic}
                    value={input.consumerGroup}
                    error={show(`spec.inputs[${i}].consumerGroup`)}
                    onChange={v =>
                      set(
                        'inputs',
                        state.inputs.map((x, j) =>
                          j === i ? { ...x, consumerGroup: v } : x,
                        ),
                        `spec.inputs[${i}].consumerGroup`,
                      )
                    }
                  />
                </Box>
                <IconButton
                  aria-label={`Remove input ${i + 1}`}
                  onClick={() =>
                    set(
                      'inputs',
                      state.inputs.filter((_, j) => j !== i),
                      'spec.inputs',
                    )
                  }
                >
                  <DeleteIcon />
                </IconButton>
              </Box>
            </Grid>
          ))}
          <Grid item xs={12}>
            <Button
              size="small"
              onClick={() =>
                setState(s => ({
                  ...s,
                  inputs: [...s.inputs, { topic: '', consumerGroup: '' }],
                }))
              }
            >
              Add an input
            </Button>
          </Grid>

          <Grid item xs={12}>
            <Typography variant="h6" component="h3">
              Outputs
            </Typography>
            {state.outputs.length === 0 && (
              <Typography variant="body2" color="textSecondary">
                None: the pipeline writes elsewhere, or nowhere.
              </Typography>
            )}
          </Grid>
          {state.outputs.map((output, i) => (
            <Grid item xs={12} key={`out-${i}`}>
              <Box display="flex" style={{ gap: 12 }} alignItems="flex-start">
                <Box flex={1}>
                  <TopicPicker
                    cluster={state.cluster}
                    id={`pipeline-output-${i}-topic`}
                    label={`Output topic ${i + 1}`}
                    topics={topicNames}
                    value={output.topic}
                    error={show(`spec.outputs[${i}].topic`)}
                    onChange={v =>
                      set(
                        'outputs',
                        state.outputs.map((x, j) =>
                          j === i ? { topic: v } : x,
                        ),
                        `spec.outputs[${i}].topic`,
                      )
                    }
                  />
                </Box>
                <IconButton
                  aria-label={`Remove output ${i + 1}`}
                  onClick={() =>
                    set(
                      'outputs',
                      state.outputs.filter((_, j) => j !== i),
                    )
                  }
                >
                  <DeleteIcon />
                </IconButton>
              </Box>
            </Grid>
          ))}
          <Grid item xs={12}>
            <Button
              size="small"
              onClick={() =>
                setState(s => ({
                  ...s,
                  outputs: [...s.outputs, { topic: '' }],
                }))
              }
            >
              Add an output
            </Button>
          </Grid>

          <Grid item xs={12}>
            <Typography variant="h6" component="h3">
              Service level objective
            </Typography>
            {show('spec.slo') && (
              <Alert severity="error">{show('spec.slo')}</Alert>
            )}
          </Grid>
          <Grid item xs={12} md={6}>
            <TextField
              id="pipeline-slo-messages"
              label="Most messages behind"
              type="number"
              fullWidth
              variant="outlined"
              size="small"
              value={state.maxLagMessages}
              onChange={e =>
                set('maxLagMessages', e.target.value, 'spec.slo.maxLagMessages')
              }
              error={Boolean(show('spec.slo.maxLagMessages'))}
              helperText={
                show('spec.slo.maxLagMessages') ??
                'Over it: degraded; over twice it: failing'
              }
            />
          </Grid>
          <Grid item xs={12} md={6}>
            <TextField
              id="pipeline-slo-seconds"
              label="Most seconds behind"
              type="number"
              fullWidth
              variant="outlined"
              size="small"
              value={state.maxLagSeconds}
              onChange={e =>
                set('maxLagSeconds', e.target.value, 'spec.slo.maxLagSeconds')
              }
              error={Boolean(show('spec.slo.maxLagSeconds'))}
              helperText={
                show('spec.slo.maxLagSeconds') ??
                'How long ago the producer was where the consumer is'
              }
            />
          </Grid>
          {serverError && (
            <Grid item xs={12}>
              <Alert severity="error" data-testid="server-error">
                {serverError}
              </Alert>
            </Grid>
          )}
          {submitted && !parsed.ok && (
            <Grid item xs={12}>
              <Alert severity="error">
                Fix the fields marked in red: {parsed.problems.length}{' '}
                problem(s).
              </Alert>
            </Grid>
          )}
          <Grid item xs={12}>
            <Box display="flex" style={{ gap: 12 }}>
              <Button
                variant="contained"
                color="primary"
                onClick={submit}
                disabled={saving}
              >
                {submitLabel}
              </Button>
              <Button onClick={() => navigate(-1)}>Cancel</Button>
            </Box>
          </Grid>
        </Grid>
      </Paper>
    </Content>
  );
}
