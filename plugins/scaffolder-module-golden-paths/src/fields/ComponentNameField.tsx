import { useEffect, useState } from 'react';
import TextField from '@material-ui/core/TextField';
import { useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import { describeInvalidComponentName } from '@paved/plugin-paved-common';
import { entitiesUsingName } from './nameAvailability';

type Check =
  | { state: 'idle' }
  | { state: 'checking' }
  | { state: 'available' }
  | { state: 'taken'; by: string[] }
  | { state: 'invalid'; message: string }
  | { state: 'unknown'; message: string };

const DEBOUNCE_MS = 350;

/**
 * A component name input that says while you type whether the name is valid and still free in
 * the catalog, so nobody fills a whole form to learn the name was taken.
 */
export function ComponentNameField(
  props: FieldExtensionComponentProps<string>,
) {
  const {
    onChange,
    required,
    formData,
    rawErrors,
    idSchema,
    schema: { title = 'Name', description },
    uiSchema,
  } = props;
  const catalogApi = useApi(catalogApiRef);
  const [check, setCheck] = useState<Check>({ state: 'idle' });
  const value = formData ?? '';

  useEffect(() => {
    if (!value) {
      setCheck({ state: 'idle' });
      return undefined;
    }
    const problem = describeInvalidComponentName(value);
    if (problem) {
      setCheck({ state: 'invalid', message: problem });
      return undefined;
    }
    setCheck({ state: 'checking' });
    let cancelled = false;
    const timer = setTimeout(() => {
      entitiesUsingName(catalogApi, value).then(
        by => {
          if (!cancelled)
            setCheck(
              by.length ? { state: 'taken', by } : { state: 'available' },
            );
        },
        error => {
          if (!cancelled) {
            setCheck({
              state: 'unknown',
              message: `Could not check the catalog: ${error.message}`,
            });
          }
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [value, catalogApi]);

  let helper: string = description ?? 'Lowercase letters, digits and dashes.';
  let error = Boolean(rawErrors?.length) && !value;
  switch (check.state) {
    case 'checking':
      helper = 'Checking the catalog…';
      break;
    case 'available':
      helper = `✓ "${value}" is available`;
      break;
    case 'taken':
      helper = `Already used by ${check.by.join(', ')}`;
      error = true;
      break;
    case 'invalid':
      helper = check.message;
      error = true;
      break;
    case 'unknown':
      helper = check.message;
      break;
    default:
  }

  return (
    <TextField
      id={idSchema?.$id}
      label={title}
      placeholder={uiSchema?.['ui:placeholder'] as string | undefined}
      helperText={helper}
      required={required}
      value={value}
      error={error}
      onChange={e => onChange(e.target.value)}
      margin="normal"
      inputProps={{
        autoFocus: uiSchema?.['ui:autofocus'],
        'aria-describedby': `${idSchema?.$id}-helper-text`,
        spellCheck: false,
        autoCapitalize: 'none',
      }}
      FormHelperTextProps={
        { id: `${idSchema?.$id}-helper-text`, 'aria-live': 'polite' } as any
      }
    />
  );
}

/**
 * Runs when the step is submitted: the same rules as while typing, so Next refuses what the
 * helper text already flagged, and the server checks it all again in `paved:validate`.
 */
export const componentNameValidation: CustomFieldValidator<string> = async (
  value,
  validation,
  context,
) => {
  const problem = describeInvalidComponentName(value ?? '');
  if (problem) {
    validation.addError(problem);
    return;
  }
  const catalogApi = context.apiHolder.get(catalogApiRef);
  if (!catalogApi) return;
  const by = await entitiesUsingName(catalogApi, value);
  if (by.length) {
    validation.addError(
      `"${value}" is already used by ${by.join(', ')}. Pick another name.`,
    );
  }
};
