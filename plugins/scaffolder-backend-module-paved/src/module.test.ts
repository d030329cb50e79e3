import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports -- the test publishes to and clones from the real git host, so it needs the plugin itself
import gitPlugin from '@paved/plugin-git-backend';
import { Entity } from '@backstage/catalog-model';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { parse } from 'yaml';
import { scaffolderModulePaved } from './module';

jest.setTimeout(60_000);

const ORG: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'payments-team', namespace: 'default' },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'payments', namespace: 'default' },
    spec: { owner: 'group:default/payments-team' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'ledger', namespace: 'default' },
    spec: { type: 'service', owner: 'payments-team', lifecycle: 'production' },
  },
];

// Writes its descriptor with catalog:write instead of a skeleton, so the template needs no files.
const TEMPLATE: Entity = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: {
    name: 'tiny-service',
    namespace: 'default',
    annotations: { 'paved.dev/template-version': '3.2.1' },
  },
  spec: {
    type: 'service',
    owner: 'group:default/payments-team',
    parameters: [
      {
        required: ['name', 'owner'],
        properties: {
          name: { type: 'string' },
          owner: { type: 'string' },
          system: { type: 'string' },
        },
      },
    ],
    steps: [
      {
        id: 'validate',
        action: 'paved:validate',
        input: {
          name: '${{ parameters.name }}',
          owner: '${{ parameters.owner }}',
          system: '${{ parameters.system }}',
        },
      },
      {
        id: 'write',
        action: 'catalog:write',
        input: {
          entity: {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: {
              name: '${{ parameters.name }}',
              annotations: {
                'paved.dev/template-version':
                  '${{ steps.validate.output.templateVersion }}',
              },
            },
            spec: {
              type: 'service',
              lifecycle: 'experimental',
              owner: '${{ parameters.owner }}',
            },
          },
        },
      },
      {
        id: 'publish',
        action: 'paved:publish',
        input: { repoName: '${{ parameters.name }}', description: 'tiny' },
      },
    ],
    output: {
      entityRef: '${{ steps.publish.output.entityRef }}',
      cloneUrl: '${{ steps.publish.output.cloneUrl }}',
    },
  },
};

/**
 * The real scaffolder and the real git host, with an in-memory catalog that registers a location
 * by reading it over HTTP from the git host, as the real catalog would through the URL reader.
 */
async function startBackend() {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'paved-module-test-'));
  const entities: Entity[] = [...ORG, TEMPLATE];
  const registered: string[] = [];
  let inMemory = catalogServiceMock({ entities });
  const catalog = new Proxy({} as any, {
    get(_, method: string) {
      if (method === 'refreshEntity') return async () => undefined;
      if (method === 'addLocation') {
        return async (location: { target: string; dryRun?: boolean }) => {
          const res = await fetch(location.target.replace('/blob/', '/raw/'));
          if (!res.ok)
            throw new Error(`could not read ${location.target}: ${res.status}`);
          const read = [parse(await res.text()) as Entity];
          if (!location.dryRun) {
            registered.push(location.target);
            entities.push(...read);
            inMemory = catalogServiceMock({ entities });
          }
          return {
            location: {
              id: `loc-${registered.length}`,
              type: 'url',
              target: location.target,
              entityRef: 'location:default/x',
            },
            entities: read,
          };
        };
      }
      if (typeof (inMemory as any)[method] !== 'function') return undefined;
      return (...args: any[]) => (inMemory as any)[method](...args);
    },
  });
  const { server } = await startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModulePaved,
      gitPlugin,
      mockServices.rootConfig.factory({
        data: {
          git: { storage: { directory: path.join(tmp, 'repos') } },
          scaffolder: {
            paved: { publish: { registrationTimeoutSeconds: 10 } },
          },
        },
      }),
      createServiceFactory({
        service: catalogServiceRef,
        deps: {},
        factory: () => catalog,
      }),
    ],
  });
  return { server, tmp, registered };
}

describe('paved:validate and paved:publish inside the real scaffolder', () => {
  it('are listed among the installed actions with their schemas', async () => {
    const { server } = await startBackend();
    const res = await request(server)
      .get('/api/scaffolder/v2/actions')
      .set('Authorization', mockCredentials.user.header());
    const ids = res.body.map((a: any) => a.id);
    expect(ids).toEqual(
      expect.arrayContaining(['paved:validate', 'paved:publish']),
    );
    const publish = res.body.find((a: any) => a.id === 'paved:publish');
    expect(Object.keys(publish.schema.input.properties)).toEqual(
      expect.arrayContaining([
        'repoName',
        'description',
        'defaultBranch',
        'sourcePath',
        'catalogInfoPath',
      ]),
    );
  });

  it('run a template to a pushed, cloneable repository and a registered component', async () => {
    const { server, tmp, registered } = await startBackend();
    const created = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', mockCredentials.user.header())
      .send({
        templateRef: 'template:default/tiny-service',
        values: {
          name: 'tiny-orders',
          owner: 'group:default/payments-team',
          system: 'system:default/payments',
        },
      });
    expect(created.status).toBe(201);
    let task: any;
    for (let i = 0; i < 100; i++) {
      task = (
        await request(server)
          .get(`/api/scaffolder/v2/tasks/${created.body.id}`)
          .set('Authorization', mockCredentials.user.header())
      ).body;
      if (['completed', 'failed'].includes(task.status)) break;
      await new Promise(r => setTimeout(r, 200));
    }
    const events = (
      await request(server)
        .get(`/api/scaffolder/v2/tasks/${created.body.id}/events`)
        .set('Authorization', mockCredentials.user.header())
    ).body;
    const log = events.map((e: any) => e.body.message).join('\n');
    expect({
      status: task.status,
      log: task.status === 'completed' ? '' : log,
    }).toEqual({ status: 'completed', log: '' });
    const output = events.find((e: any) => e.type === 'completion').body.output;
    expect(output.entityRef).toBe('component:default/tiny-orders');
    expect(registered).toEqual([
      expect.stringMatching(
        /\/api\/git\/repos\/tiny-orders\.git\/blob\/main\/catalog-info\.yaml$/,
      ),
    ]);

    const port = server.port();
    const clone = path.join(tmp, 'clone');
    await promisify(execFile)('git', [
      'clone',
      '-q',
      `http://localhost:${port}/api/git/repos/tiny-orders.git`,
      clone,
    ]);
    const descriptor = parse(
      await fs.readFile(path.join(clone, 'catalog-info.yaml'), 'utf8'),
    );
    expect(descriptor.metadata.annotations['paved.dev/template-version']).toBe(
      '3.2.1',
    );
  });

  it('stop at the first step for a taken name, and create no repository', async () => {
    const { server } = await startBackend();
    const created = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', mockCredentials.user.header())
      .send({
        templateRef: 'template:default/tiny-service',
        values: { name: 'ledger', owner: 'group:default/payments-team' },
      });
    let task: any;
    for (let i = 0; i < 100; i++) {
      task = (
        await request(server)
          .get(`/api/scaffolder/v2/tasks/${created.body.id}`)
          .set('Authorization', mockCredentials.user.header())
      ).body;
      if (['completed', 'failed'].includes(task.status)) break;
      await new Promise(r => setTimeout(r, 200));
    }
    expect(task.status).toBe('failed');
    const repos = await request(server)
      .get('/api/git/repositories')
      .set('Authorization', mockCredentials.user.header());
    expect(repos.body.items).toEqual([]);
  });
});
