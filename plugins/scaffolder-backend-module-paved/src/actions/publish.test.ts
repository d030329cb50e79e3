import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConflictError } from '@backstage/errors';
import { createPublishAction } from './publish';
import { FakePublisher, testConfig } from './testFakes';

const DESCRIPTOR = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: orders-api
spec:
  type: service
  owner: group:default/payments-team
  lifecycle: experimental
`;

async function workspaceWith(files: Record<string, string>) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'paved-publish-test-'));
  for (const [file, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await fs.writeFile(path.join(dir, file), content);
  }
  return dir;
}

function setup() {
  const publisher = new FakePublisher();
  const catalog = catalogServiceMock.mock();
  catalog.addLocation.mockImplementation(async request => ({
    location: {
      id: 'loc-1',
      type: 'url',
      target: request.target,
      entityRef: 'location:default/x',
    },
    entities: request.dryRun
      ? [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: { name: 'orders-api', namespace: 'default' },
          },
        ]
      : [],
  }));
  catalog.refreshEntity.mockResolvedValue();
  catalog.removeLocationById.mockResolvedValue();
  const action = createPublishAction({
    catalog,
    publisher,
    config: testConfig,
  });
  return { action, publisher, catalog };
}

describe('paved:publish', () => {
  it('pushes, registers the descriptor and waits for the entity', async () => {
    const { action, publisher, catalog } = setup();
    catalog.getEntityByRef
      .mockResolvedValueOnce(undefined)
      .mockResolvedValueOnce(undefined)
      .mockResolvedValue({
        kind: 'Component',
        metadata: { name: 'orders-api' },
      } as any);
    const ctx = createMockActionContext({
      input: { repoName: 'orders-api', catalogInfoPath: '/catalog-info.yaml' },
      workspacePath: await workspaceWith({ 'catalog-info.yaml': DESCRIPTOR }),
    });
    await action.handler(ctx);
    expect(publisher.repositories.has('orders-api')).toBe(true);
    expect(catalog.addLocation).toHaveBeenCalledWith(
      {
        type: 'url',
        target:
          'http://git.test/repos/orders-api.git/blob/main/catalog-info.yaml',
        dryRun: true,
      },
      expect.anything(),
    );
    expect(catalog.addLocation).toHaveBeenLastCalledWith(
      {
        type: 'url',
        target:
          'http://git.test/repos/orders-api.git/blob/main/catalog-info.yaml',
      },
      expect.anything(),
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/orders-api',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'cloneUrl',
      'http://git.test/repos/orders-api.git',
    );
  });

  it('removes the repository again when the push fails half way', async () => {
    const { action, publisher, catalog } = setup();
    publisher.failPushWith = new Error('git push failed: connection reset');
    const ctx = createMockActionContext({
      input: { repoName: 'orders-api' },
      workspacePath: await workspaceWith({ 'catalog-info.yaml': DESCRIPTOR }),
    });
    await expect(action.handler(ctx)).rejects.toThrow('connection reset');
    expect(publisher.repositories.size).toBe(0);
    expect(catalog.addLocation).not.toHaveBeenCalled();
  });

  it('removes the location and the repository when the catalog reports a processing error', async () => {
    const { action, publisher, catalog } = setup();
    catalog.getEntityByRef.mockImplementation(async ref =>
      String(ref).startsWith('location:')
        ? ({
            kind: 'Location',
            metadata: { name: 'l' },
            status: {
              items: [{ error: { message: 'spec.owner is invalid' } }],
            },
          } as any)
        : undefined,
    );
    const ctx = createMockActionContext({
      input: { repoName: 'orders-api' },
      workspacePath: await workspaceWith({ 'catalog-info.yaml': DESCRIPTOR }),
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      /could not process the new repository: spec.owner is invalid/,
    );
    expect(catalog.removeLocationById).toHaveBeenCalledWith(
      'loc-1',
      expect.anything(),
    );
    expect(publisher.repositories.size).toBe(0);
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('removes the repository when the catalog refuses the descriptor in its dry run', async () => {
    const { action, publisher, catalog } = setup();
    catalog.addLocation.mockRejectedValue(
      new Error(
        'Entity group:default/x is not of an allowed kind for that location',
      ),
    );
    const ctx = createMockActionContext({
      input: { repoName: 'orders-api' },
      workspacePath: await workspaceWith({ 'catalog-info.yaml': DESCRIPTOR }),
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      /catalog refused the new repository's descriptor: Entity group:default\/x is not of an allowed kind/,
    );
    expect(publisher.repositories.size).toBe(0);
    expect(catalog.removeLocationById).not.toHaveBeenCalled();
  });

  it('gives up and undoes everything when the entity never shows up', async () => {
    const { action, publisher, catalog } = setup();
    catalog.getEntityByRef.mockResolvedValue(undefined);
    const ctx = createMockActionContext({
      input: { repoName: 'orders-api' },
      workspacePath: await workspaceWith({ 'catalog-info.yaml': DESCRIPTOR }),
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      /did not appear in the catalog within 1.5 s/,
    );
    expect(publisher.repositories.size).toBe(0);
    expect(catalog.removeLocationById).toHaveBeenCalled();
  });

  it('refuses to overwrite an existing repository and leaves it alone', async () => {
    const { action, publisher } = setup();
    publisher.repositories.add('orders-api');
    const ctx = createMockActionContext({
      input: { repoName: 'orders-api' },
      workspacePath: await workspaceWith({ 'catalog-info.yaml': DESCRIPTOR }),
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      /already exists; nothing was changed/,
    );
    expect(publisher.repositories.has('orders-api')).toBe(true);
  });

  it.each([
    [
      { sourcePath: '../outside' },
      /sourcePath '..\/outside' points outside the workspace/,
    ],
    [{ sourcePath: 'my dir' }, /sourcePath 'my dir' must not contain spaces/],
    [{ catalogInfoPath: '../../etc/passwd' }, /points outside the workspace/],
    [{ catalogInfoPath: '/missing.yaml' }, /has no such file/],
    [{ repoName: 'bad name' }, /repoName 'bad name' is not valid/],
  ])('rejects %j before touching anything', async (input, message) => {
    const { action, publisher, catalog } = setup();
    const ctx = createMockActionContext({
      input: { repoName: 'orders-api', ...input },
      workspacePath: await workspaceWith({ 'catalog-info.yaml': DESCRIPTOR }),
    });
    await expect(action.handler(ctx)).rejects.toThrow(message);
    expect(publisher.repositories.size).toBe(0);
    expect(catalog.addLocation).not.toHaveBeenCalled();
  });

  it('names the broken document of a descriptor that is not valid YAML', async () => {
    const { action } = setup();
    const ctx = createMockActionContext({
      input: { repoName: 'orders-api' },
      workspacePath: await workspaceWith({
        'catalog-info.yaml': `${DESCRIPTOR}---\nkind: [unclosed\n`,
      }),
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      /document 2 is not valid YAML/,
    );
  });

  it('refuses a descriptor the catalog would reject, before pushing', async () => {
    const { action, publisher } = setup();
    const ctx = createMockActionContext({
      input: { repoName: 'orders-api' },
      workspacePath: await workspaceWith({
        'catalog-info.yaml': DESCRIPTOR.replace(
          'name: orders-api',
          'name: Orders API!',
        ),
      }),
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      /document 1 is not a valid entity: .*metadata.name/,
    );
    expect(publisher.repositories.size).toBe(0);
  });

  it('only reports what would happen on a dry run', async () => {
    const { action, publisher, catalog } = setup();
    const ctx = createMockActionContext({
      input: { repoName: 'orders-api' },
      workspacePath: await workspaceWith({ 'catalog-info.yaml': DESCRIPTOR }),
    });
    await action.handler({ ...ctx, isDryRun: true });
    expect(publisher.repositories.size).toBe(0);
    expect(catalog.addLocation).not.toHaveBeenCalled();
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/orders-api',
    );
  });

  it('refuses a description the git host would not store, before anything exists', async () => {
    const { action, publisher } = setup();
    for (const description of ['x'.repeat(501), 'two\nlines']) {
      const ctx = createMockActionContext({
        input: { repoName: 'orders-api', description },
        workspacePath: await workspaceWith({ 'catalog-info.yaml': DESCRIPTOR }),
      });
      await expect(action.handler(ctx)).rejects.toThrow(
        /description must be one line of at most 500 characters/,
      );
    }
    expect(publisher.repositories.size).toBe(0);
  });

  it('never removes a repository another run created under the same name', async () => {
    const { action, publisher } = setup();
    // The other run creates the repository between our exists() check and our create.
    publisher.publish = async () => {
      publisher.repositories.add('orders-api');
      throw new ConflictError("A repository named 'orders-api' already exists");
    };
    const ctx = createMockActionContext({
      input: { repoName: 'orders-api' },
      workspacePath: await workspaceWith({ 'catalog-info.yaml': DESCRIPTOR }),
    });
    await expect(action.handler(ctx)).rejects.toThrow(/already exists/);
    expect(publisher.repositories.has('orders-api')).toBe(true);
  });

  it('uses a location that already points at the new repository instead of failing', async () => {
    const { action, catalog } = setup();
    catalog.addLocation.mockImplementation(async request => {
      if (!request.dryRun) throw new Error('409 Conflict');
      return {
        exists: true,
        location: {
          id: 'x',
          type: 'url',
          target: request.target,
          entityRef: 'location:default/registered-earlier',
        },
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: { name: 'orders-api', namespace: 'default' },
          },
        ],
      } as any;
    });
    catalog.getEntityByRef.mockResolvedValue({
      kind: 'Component',
      metadata: { name: 'orders-api' },
    } as any);
    const ctx = createMockActionContext({
      input: { repoName: 'orders-api' },
      workspacePath: await workspaceWith({ 'catalog-info.yaml': DESCRIPTOR }),
    });
    await action.handler(ctx);
    expect(catalog.addLocation).toHaveBeenCalledTimes(1);
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/orders-api',
    );
  });
});
