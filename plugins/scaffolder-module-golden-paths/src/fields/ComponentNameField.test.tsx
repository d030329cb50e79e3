import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { useState } from 'react';
import {
  ComponentNameField,
  componentNameValidation,
} from './ComponentNameField';

// Typing re-renders the whole form per keystroke; on a 2-core CI machine that also builds
// Kubernetes in the background, 5 s is not enough for a few fields.
jest.setTimeout(30_000);

const entities = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'ledger', namespace: 'default' },
    spec: {},
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'sam', namespace: 'default' },
    spec: {},
  },
];

function Harness() {
  const [value, setValue] = useState<string>();
  return (
    <ComponentNameField
      {...({
        onChange: setValue,
        formData: value,
        rawErrors: [],
        required: true,
        idSchema: { $id: 'root_name' },
        schema: {
          title: 'Name',
          description: 'Lowercase letters, digits and dashes.',
        },
        uiSchema: {},
      } as any)}
    />
  );
}

describe('ComponentNameField', () => {
  const render = () =>
    renderInTestApp(<Harness />, {
      apis: [[catalogApiRef, catalogApiMock({ entities })]],
    });

  it('explains an invalid name while it is typed', async () => {
    await render();
    await userEvent.type(
      screen.getByRole('textbox', { name: /Name/ }),
      'my service',
    );
    expect(
      await screen.findByText(/Spaces are not allowed/),
    ).toBeInTheDocument();
  });

  it('says which entity already uses a name', async () => {
    await render();
    await userEvent.type(
      screen.getByRole('textbox', { name: /Name/ }),
      'ledger',
    );
    expect(
      await screen.findByText('Already used by component:default/ledger'),
    ).toBeInTheDocument();
  });

  it('confirms a free name, even one a user already has (users do not compete with services)', async () => {
    await render();
    await userEvent.type(screen.getByRole('textbox', { name: /Name/ }), 'sam');
    expect(await screen.findByText('✓ "sam" is available')).toBeInTheDocument();
  });
});

describe('componentNameValidation on submit', () => {
  const validate = async (value: string) => {
    const errors: string[] = [];
    await componentNameValidation(
      value,
      { addError: (m: string) => errors.push(m) } as any,
      {
        apiHolder: { get: () => catalogApiMock({ entities }) } as any,
        formData: {},
        schema: {},
      },
    );
    return errors;
  };

  it('refuses bad and taken names and accepts good ones', async () => {
    expect(await validate('Bad Name')).toEqual([
      expect.stringMatching(/Spaces are not allowed/),
    ]);
    expect(await validate('..')).toEqual([expect.stringMatching(/not a path/)]);
    expect(await validate('ledger')).toEqual([
      '"ledger" is already used by component:default/ledger. Pick another name.',
    ]);
    expect(await validate('orders-api')).toEqual([]);
  });
});
