import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createValidateAction } from './validate';
import { FakePublisher, testConfig } from './testFakes';

const entities = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'payments-team', namespace: 'default' },
    spec: {},
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'payments', namespace: 'default' },
    spec: {},
  },
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

function setup() {
  const publisher = new FakePublisher();
  const action = createValidateAction({
    catalog: catalogServiceMock({ entities }),
    publisher,
    config: testConfig,
  });
  return { action, publisher };
}

describe('paved:validate', () => {
  it('outputs where the repository will be when every value checks out', async () => {
    const { action } = setup();
    const ctx = createMockActionContext({
      input: {
        name: 'orders-api',
        owner: 'group:default/payments-team',
        system: 'system:default/payments',
      },
      templateInfo: {
        entityRef: 'template:default/node-service',
        entity: {
          metadata: {
            name: 'node-service',
            annotations: { 'paved.dev/template-version': '1.2.0' },
          },
        },
      },
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith(
      'repoUrl',
      'http://git.test/repos/orders-api.git',
    );
    expect(ctx.output).toHaveBeenCalledWith('defaultBranch', 'main');
    expect(ctx.output).toHaveBeenCalledWith(
      'templateRef',
      'template:default/node-service',
    );
    expect(ctx.output).toHaveBeenCalledWith('templateVersion', '1.2.0');
    expect(ctx.output).toHaveBeenCalledWith(
      'otlpTracesEndpoint',
      'http://portal.test/api/traces/v1/traces',
    );
  });

  it('refuses a name the catalog already uses, naming the entity', async () => {
    const { action } = setup();
    const ctx = createMockActionContext({
      input: { name: 'ledger', owner: 'group:default/payments-team' },
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      "name 'ledger' is already used in the catalog by component:default/ledger",
    );
  });

  it('refuses a name whose repository already exists', async () => {
    const { action, publisher } = setup();
    publisher.repositories.add('orphan');
    const ctx = createMockActionContext({
      input: { name: 'orphan', owner: 'group:default/payments-team' },
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      /repository named 'orphan' already exists/,
    );
  });

  it.each([
    ['my service', /Spaces are not allowed/],
    ['../etc', /not a path/],
    ['..', /not a path/],
    ['Orders', /lowercase/],
  ])('refuses the name %j with the reason', async (name, reason) => {
    const { action } = setup();
    const ctx = createMockActionContext({
      input: { name, owner: 'group:default/payments-team' },
    });
    await expect(action.handler(ctx)).rejects.toThrow(reason);
  });

  it('names every problem at once: a missing owner, a user as owner, an unknown system', async () => {
    const { action } = setup();
    await expect(
      action.handler(
        createMockActionContext({ input: { name: 'ok-name', owner: '' } }),
      ),
    ).rejects.toThrow(/owner is required/);
    const ctx = createMockActionContext({
      input: {
        name: 'ok-name',
        owner: 'user:default/sam',
        system: 'system:default/nope',
      },
    });
    const error = await action.handler(ctx).catch(e => e);
    expect(error.message).toMatch(
      /owner 'user:default\/sam' must be a Group, not a user/,
    );
    expect(error.message).toMatch(
      /system 'system:default\/nope' does not exist in the catalog/,
    );
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('accepts a bare group name as owner', async () => {
    const { action } = setup();
    const ctx = createMockActionContext({
      input: { name: 'fine', owner: 'payments-team' },
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith(
      'repoUrl',
      'http://git.test/repos/fine.git',
    );
  });

  it('outputs owner and system as full lowercase refs, whatever way they were typed', async () => {
    const { action } = setup();
    const ctx = createMockActionContext({
      input: {
        name: 'mixed-case',
        owner: 'Group:Default/Payments-Team',
        system: 'payments',
      },
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith(
      'owner',
      'group:default/payments-team',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'system',
      'system:default/payments',
    );
  });

  it.each([
    ['an empty system', { system: '' }, /system is empty/],
    [
      'a system with a slash too many',
      { system: 'system:default/pay/ments' },
      /system 'system:default\/pay\/ments' is not an entity reference/,
    ],
    [
      'a malformed owner',
      { owner: 'a:b:c/d/e' },
      /owner 'a:b:c\/d\/e' is not an entity reference like group:default\/<name>/,
    ],
  ])('names %s as the problem', async (_, override, message) => {
    const { action } = setup();
    const ctx = createMockActionContext({
      input: {
        name: 'fine-name',
        owner: 'group:default/payments-team',
        ...override,
      },
    });
    await expect(action.handler(ctx)).rejects.toThrow(message);
  });

  it('ignores whitespace around a reference, as a pasted value often has', async () => {
    const { action } = setup();
    const ctx = createMockActionContext({
      input: { name: 'pasted', owner: ' payments-team ', system: 'payments\n' },
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith(
      'system',
      'system:default/payments',
    );
  });

  it('refuses values that must differ but do not', async () => {
    const { action } = setup();
    const ctx = createMockActionContext({
      input: {
        name: 'same-topics',
        owner: 'group:default/payments-team',
        distinct: { inputTopic: 'orders', outputTopic: 'orders' },
      },
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      "inputTopic and outputTopic must differ (both are 'orders')",
    );
  });
});
