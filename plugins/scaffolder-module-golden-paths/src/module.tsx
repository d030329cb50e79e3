import {
  coreExtensionData,
  createFrontendModule,
} from '@backstage/frontend-plugin-api';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import { TemplatesSubPage } from './components/TemplatesSubPage';

const componentNameField = FormFieldBlueprint.make({
  name: 'paved-component-name',
  params: {
    field: () =>
      import('./fields/componentNameFormField').then(
        m => m.componentNameFormField,
      ),
  },
});

// Keeps everything the scaffolder's templates sub-page declares (path, title, route) and wraps
// its element: the gallery takes the index, the scaffolder's own routes keep the rest.
const templatesSubPage = scaffolderPlugin
  .getExtension('sub-page:scaffolder/templates')
  .override({
    *factory(originalFactory) {
      const original = originalFactory();
      for (const value of original) {
        if (value.id !== coreExtensionData.reactElement.id) {
          yield value;
        }
      }
      yield coreExtensionData.reactElement(
        <TemplatesSubPage
          scaffolderTemplates={original.get(coreExtensionData.reactElement)}
        />,
      );
    },
  });

/**
 * Paved's changes to the scaffolder's pages: the golden-path gallery on the Create page
 * (lifecycle groups, usage, deprecation warnings) and the `PavedComponentName` form field.
 *
 * @public
 */
export const scaffolderModuleGoldenPaths = createFrontendModule({
  pluginId: 'scaffolder',
  extensions: [componentNameField, templatesSubPage],
});
