import { useNavigate, useParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import Button from '@material-ui/core/Button';
import Box from '@material-ui/core/Box';
import { useApi } from '@backstage/frontend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { TemplateEntityV1beta3 } from '@backstage/plugin-scaffolder-common';
import { templateFacts } from './templateFacts';

/**
 * Above the form of a deprecated template, for people who arrive by a direct link and never
 * saw the warning on the gallery.
 */
export function DeprecationNotice() {
  const splat = useParams()['*'] ?? '';
  const [namespace, name] = splat.split('/');
  const catalogApi = useApi(catalogApiRef);
  const navigate = useNavigate();
  const template = useAsync(async () => {
    if (!namespace || !name) return undefined;
    const entity = await catalogApi.getEntityByRef({
      kind: 'Template',
      namespace,
      name,
    });
    return entity ? templateFacts(entity as TemplateEntityV1beta3) : undefined;
  }, [catalogApi, namespace, name]);
  const facts = template.value;
  if (!facts || facts.lifecycle !== 'deprecated') return null;
  const replacement = facts.replacedBy
    ? parseEntityRef(facts.replacedBy, { defaultKind: 'template' })
    : undefined;
  return (
    <Box px={3} pt={2}>
      <Alert
        severity="warning"
        data-testid="deprecated-template-notice"
        action={
          replacement && (
            <Button
              color="inherit"
              size="small"
              onClick={() =>
                navigate(`../${replacement.namespace}/${replacement.name}`)
              }
            >
              Use {replacement.name} instead
            </Button>
          )
        }
      >
        <AlertTitle>{facts.title} is deprecated</AlertTitle>
        {facts.deprecationMessage ??
          'Its owners no longer recommend it for new services.'}
      </Alert>
    </Box>
  );
}
