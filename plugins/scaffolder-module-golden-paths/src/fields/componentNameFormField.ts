import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import {
  ComponentNameField,
  componentNameValidation,
} from './ComponentNameField';

/** The `PavedComponentName` field used by every golden-path template's `name` parameter. */
export const componentNameFormField = createFormField({
  name: 'PavedComponentName',
  component: ComponentNameField,
  validation: componentNameValidation,
});
