import Button from '@material-ui/core/Button';
import Card from '@material-ui/core/Card';
import CardActions from '@material-ui/core/CardActions';
import CardContent from '@material-ui/core/CardContent';
import Chip from '@material-ui/core/Chip';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { TemplateUsage } from '@paved/plugin-golden-paths-common';
import { LifecycleChip, UsageSummary } from '@paved/plugin-golden-paths-react';
import { TemplateFacts } from './templateFacts';

const useStyles = makeStyles(theme => ({
  card: { display: 'flex', flexDirection: 'column', height: '100%' },
  deprecated: {
    opacity: 0.85,
    borderLeft: `4px solid ${theme.palette.warning.main}`,
  },
  recommended: { borderLeft: `4px solid ${theme.palette.success.main}` },
  content: {
    flexGrow: 1,
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
  },
  tags: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(0.5) },
}));

export function TemplateCard(props: {
  template: TemplateFacts;
  usage?: TemplateUsage;
  usageAvailable: boolean;
  onChoose(template: TemplateFacts): void;
}) {
  const classes = useStyles();
  const { template, usage } = props;
  let accent = '';
  if (template.lifecycle === 'deprecated') accent = classes.deprecated;
  else if (template.lifecycle === 'recommended') accent = classes.recommended;
  return (
    <Card
      className={`${classes.card} ${accent}`}
      data-testid={`template-card-${template.name}`}
    >
      <CardContent className={classes.content}>
        <Box
          display="flex"
          justifyContent="space-between"
          alignItems="flex-start"
          style={{ gap: 8 }}
        >
          <Typography variant="h6" component="h3">
            {template.title}
          </Typography>
          <LifecycleChip lifecycle={template.lifecycle} />
        </Box>
        <Typography variant="caption" color="textSecondary">
          {template.category}
          {template.version ? ` · v${template.version}` : ''}
          {template.owner && (
            <>
              {' · owned by '}
              <EntityRefLink entityRef={template.owner} />
            </>
          )}
        </Typography>
        <Typography variant="body2">{template.description}</Typography>
        {template.tags.length > 0 && (
          <div className={classes.tags}>
            {template.tags.map(tag => (
              <Chip key={tag} label={tag} size="small" variant="outlined" />
            ))}
          </div>
        )}
        {props.usageAvailable && <UsageSummary usage={usage} />}
      </CardContent>
      <CardActions>
        <Button
          color="primary"
          variant={
            template.lifecycle === 'deprecated' ? 'outlined' : 'contained'
          }
          onClick={() => props.onChoose(template)}
          aria-label={`Choose ${template.title}`}
        >
          Choose
        </Button>
      </CardActions>
    </Card>
  );
}
