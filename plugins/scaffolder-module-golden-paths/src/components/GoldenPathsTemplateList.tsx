import { useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Grid from '@material-ui/core/Grid';
import Switch from '@material-ui/core/Switch';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import {
  Content,
  EmptyState,
  Progress,
  WarningPanel,
} from '@backstage/core-components';
import { useApi, useApiHolder } from '@backstage/frontend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { TemplateEntityV1beta3 } from '@backstage/plugin-scaffolder-common';
import { goldenPathsApiRef } from '@paved/plugin-golden-paths-react';
import { TemplateUsageResponse } from '@paved/plugin-golden-paths-common';
import {
  LIFECYCLE_GROUPS,
  TemplateFacts,
  templateFacts,
} from './templateFacts';
import { TemplateCard } from './TemplateCard';
import { DeprecationDialog } from './DeprecationDialog';

function matches(t: TemplateFacts, query: string): boolean {
  if (!query) return true;
  const q = query.toLowerCase();
  return [t.name, t.title, t.description, t.category, ...t.tags].some(s =>
    s.toLowerCase().includes(q),
  );
}

/**
 * The Create page's template gallery: golden paths grouped by lifecycle with recommended ones
 * first, each with how often it ran and how it went; deprecated ones only on request, and only
 * after a warning.
 */
export function GoldenPathsTemplateList() {
  const catalogApi = useApi(catalogApiRef);
  const goldenPathsApi = useApiHolder().get(goldenPathsApiRef);
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [pendingDeprecated, setPendingDeprecated] = useState<TemplateFacts>();
  const showDeprecated = params.get('deprecated') === 'show';
  const query = params.get('q') ?? '';
  const category = params.get('category') ?? '';

  const templates = useAsync(async () => {
    const { items } = await catalogApi.getEntities({
      filter: { kind: 'Template' },
    });
    return (items as TemplateEntityV1beta3[])
      .map(templateFacts)
      .sort((a, b) => a.title.localeCompare(b.title));
  }, [catalogApi]);
  const usage = useAsync(
    async (): Promise<TemplateUsageResponse | undefined> =>
      goldenPathsApi?.getUsage(),
    [goldenPathsApi],
  );

  const setParam = (key: string, value?: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const all = useMemo(() => templates.value ?? [], [templates.value]);
  const categories = useMemo(
    () => [...new Set(all.map(t => t.category))].sort(),
    [all],
  );
  const visible = all.filter(
    t => matches(t, query) && (!category || t.category === category),
  );
  const deprecatedCount = visible.filter(
    t => t.lifecycle === 'deprecated',
  ).length;
  const usageOf = (ref: string) =>
    usage.value?.templates.find(
      u => u.templateRef.toLowerCase() === ref.toLowerCase(),
    );

  const open = (ref: string) => {
    const { namespace, name } = parseEntityRef(ref, {
      defaultKind: 'template',
    });
    navigate(`${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`);
  };
  const choose = (t: TemplateFacts) => {
    if (t.lifecycle === 'deprecated') setPendingDeprecated(t);
    else open(t.ref);
  };

  if (templates.loading) return <Progress />;
  if (templates.error) {
    return (
      <Content>
        <WarningPanel
          severity="error"
          title="Could not load the golden paths from the catalog"
        >
          {templates.error.message}
        </WarningPanel>
      </Content>
    );
  }

  return (
    <Content>
      <Box
        display="flex"
        flexWrap="wrap"
        alignItems="center"
        style={{ gap: 16 }}
        mb={2}
      >
        <TextField
          id="golden-path-search"
          label="Search golden paths"
          value={query}
          onChange={e => setParam('q', e.target.value)}
          variant="outlined"
          size="small"
        />
        <Box
          display="flex"
          style={{ gap: 8 }}
          role="group"
          aria-label="Category"
        >
          <Chip
            label="All categories"
            color={category ? 'default' : 'primary'}
            onClick={() => setParam('category')}
          />
          {categories.map(c => (
            <Chip
              key={c}
              label={c}
              color={category === c ? 'primary' : 'default'}
              onClick={() => setParam('category', c)}
            />
          ))}
        </Box>
        <FormControlLabel
          control={
            <Switch
              checked={showDeprecated}
              onChange={e =>
                setParam('deprecated', e.target.checked ? 'show' : undefined)
              }
              color="primary"
            />
          }
          label={`Show deprecated (${deprecatedCount})`}
        />
      </Box>
      {usage.error && (
        <Box mb={2}>
          <WarningPanel
            severity="info"
            title="Usage figures are unavailable right now"
          >
            {usage.error.message}
          </WarningPanel>
        </Box>
      )}
      {visible.length === 0 && (
        <EmptyState
          missing="data"
          title="No golden paths match"
          description={
            all.length
              ? 'Try another search or category.'
              : 'No templates are registered in the catalog yet.'
          }
        />
      )}
      {LIFECYCLE_GROUPS.map(group => {
        if (group.lifecycle === 'deprecated' && !showDeprecated) return null;
        const members = visible.filter(t => t.lifecycle === group.lifecycle);
        if (members.length === 0) return null;
        return (
          <Box
            component="section"
            key={group.lifecycle}
            mb={4}
            aria-label={group.title}
          >
            <Typography variant="h5" component="h2">
              {group.title}
            </Typography>
            <Typography variant="body2" color="textSecondary" paragraph>
              {group.blurb}
            </Typography>
            <Grid container spacing={2}>
              {members.map(t => (
                <Grid item xs={12} md={6} lg={4} key={t.ref}>
                  <TemplateCard
                    template={t}
                    usage={usageOf(t.ref)}
                    usageAvailable={Boolean(goldenPathsApi) && !usage.error}
                    onChoose={choose}
                  />
                </Grid>
              ))}
            </Grid>
          </Box>
        );
      })}
      <DeprecationDialog
        template={pendingDeprecated}
        replacementTitle={
          all.find(
            t =>
              pendingDeprecated?.replacedBy &&
              t.ref === pendingDeprecated.replacedBy.toLowerCase(),
          )?.title
        }
        onCancel={() => setPendingDeprecated(undefined)}
        onContinue={() => {
          const t = pendingDeprecated!;
          setPendingDeprecated(undefined);
          open(t.ref);
        }}
        onUseReplacement={ref => {
          setPendingDeprecated(undefined);
          open(ref);
        }}
      />
    </Content>
  );
}
