import { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  entityLabelValue,
  generateManifests,
  loadManifests,
  parseManifestFiles,
  renderManifests,
} from './manifests';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout',
    namespace: 'default',
    annotations: {
      'backstage.io/source-location':
        'url:http://127.0.0.1:7007/api/git/repos/checkout.git/tree/main/',
    },
  },
  spec: {
    type: 'service',
    owner: 'group:default/team-a',
    lifecycle: 'production',
  },
};

const files = [
  {
    path: 'deployment.yaml',
    content: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: checkout
spec:
  replicas: 2
  selector: { matchLabels: { app: checkout } }
  template:
    metadata: { labels: { app: checkout } }
    spec:
      containers:
        - name: sidecar
          image: envoy:1.30
        - name: checkout
          image: checkout:latest
`,
  },
  {
    path: 'service.yaml',
    content: `# the service
apiVersion: v1
kind: Service
metadata: { name: checkout }
spec: { selector: { app: checkout }, ports: [{ port: 80 }] }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: checkout-config }
data: { A: "1" }
`,
  },
];

describe('parseManifestFiles', () => {
  it('reads every document of every file', () => {
    const objects = parseManifestFiles(files);
    expect(objects.map(o => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Deployment/checkout',
      'Service/checkout',
      'ConfigMap/checkout-config',
    ]);
  });

  it('names the file that does not parse', () => {
    expect(() =>
      parseManifestFiles([{ path: 'bad.yaml', content: 'kind: [unclosed' }]),
    ).toThrow(/k8s\/bad\.yaml is not valid YAML/);
    expect(() =>
      parseManifestFiles([{ path: 'odd.yaml', content: 'hello: world' }]),
    ).toThrow(/k8s\/odd\.yaml holds something that is not a Kubernetes object/);
  });
});

describe('renderManifests', () => {
  const source = parseManifestFiles(files);

  it('applies image and replicas to the entity’s container and labels every object', () => {
    const { objects, image, replicas } = renderManifests(source, {
      entity,
      namespace: 'shop',
      image: 'ghcr.io/acme/checkout:2.0.0',
      replicas: 3,
      defaultReplicas: 1,
    });
    expect(image).toBe('ghcr.io/acme/checkout:2.0.0');
    expect(replicas).toBe(3);
    // ConfigMaps before Services before Deployments.
    expect(objects.map(o => o.kind)).toEqual([
      'ConfigMap',
      'Service',
      'Deployment',
    ]);
    const deployment: any = objects[2];
    expect(deployment.spec.replicas).toBe(3);
    expect(
      deployment.spec.template.spec.containers.map((c: any) => c.image),
    ).toEqual(['envoy:1.30', 'ghcr.io/acme/checkout:2.0.0']);
    expect(
      deployment.spec.template.metadata.labels['backstage.io/kubernetes-id'],
    ).toBe('checkout');
    for (const o of objects) {
      expect(o.metadata.namespace).toBe('shop');
      expect(o.metadata.labels).toMatchObject({
        'app.kubernetes.io/managed-by': 'paved',
        'paved.dev/entity': 'component.default.checkout',
      });
      expect(o.metadata.annotations).toMatchObject({
        'paved.dev/entity-ref': 'component:default/checkout',
      });
    }
    // The source is left alone.
    expect((source[0] as any).spec.replicas).toBe(2);
  });

  it('keeps the manifests’ replicas unless asked, and leaves them out for an autoscaler', () => {
    expect(
      renderManifests(source, { entity, namespace: 'x', defaultReplicas: 1 })
        .replicas,
    ).toBe(2);
    const hpa = renderManifests(source, {
      entity,
      namespace: 'x',
      replicas: 5,
      omitReplicas: true,
      defaultReplicas: 1,
    });
    expect(hpa.replicas).toBeNull();
    expect(
      (hpa.objects.find(o => o.kind === 'Deployment') as any).spec,
    ).not.toHaveProperty('replicas');
  });

  it('refuses manifests that would deploy somewhere else or something else', () => {
    const other = parseManifestFiles([
      {
        path: 'd.yaml',
        content: files[0].content.replace(
          'name: checkout\nspec',
          'name: payments\nspec',
        ),
      },
    ]);
    expect(() =>
      renderManifests(other, { entity, namespace: 'x', defaultReplicas: 1 }),
    ).toThrow(
      'The manifests hold no Deployment named "checkout" (they name "payments"); the Deployment must be named after the entity',
    );
    const elsewhere = parseManifestFiles([
      {
        path: 'd.yaml',
        content: files[0].content.replace(
          'name: checkout\nspec',
          'name: checkout\n  namespace: prod\nspec',
        ),
      },
    ]);
    expect(() =>
      renderManifests(elsewhere, {
        entity,
        namespace: 'shop',
        defaultReplicas: 1,
      }),
    ).toThrow(
      /says namespace "prod", but component:default\/checkout deploys to "shop"/,
    );
    const clusterWide = [
      ...source,
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'x' },
      },
    ];
    expect(() =>
      renderManifests(clusterWide, {
        entity,
        namespace: 'x',
        defaultReplicas: 1,
      }),
    ).toThrow(/cluster-wide ClusterRole "x"/);
  });

  it('sets the restart annotation on the pod template', () => {
    const { objects } = renderManifests(source, {
      entity,
      namespace: 'x',
      restartedAt: '2026-12-03T00:00:00Z',
      defaultReplicas: 1,
    });
    expect(
      (objects.find(o => o.kind === 'Deployment') as any).spec.template.metadata
        .annotations,
    ).toEqual({
      'kubectl.kubernetes.io/restartedAt': '2026-12-03T00:00:00Z',
    });
  });
});

describe('loadManifests', () => {
  const reader = (tree: Array<{ path: string; content: string }> | Error) => ({
    readUrl: jest.fn(),
    search: jest.fn(),
    readTree: jest.fn(async () => {
      if (tree instanceof Error) throw tree;
      return {
        files: async () =>
          tree.map(f => ({
            path: f.path,
            content: async () => Buffer.from(f.content),
          })),
        archive: jest.fn(),
        dir: jest.fn(),
        etag: 'e',
      };
    }),
  });

  it('reads the k8s folder of the service’s repository', async () => {
    const r = reader(files);
    const loaded = await loadManifests(entity, r as any, 'shop');
    expect(r.readTree).toHaveBeenCalledWith(
      'http://127.0.0.1:7007/api/git/repos/checkout.git/tree/main/k8s',
    );
    expect(loaded.source).toBe(
      'http://127.0.0.1:7007/api/git/repos/checkout.git/tree/main/k8s',
    );
    expect(loaded.objects).toHaveLength(3);
  });

  it('generates a Deployment and a Service when the repository has none', async () => {
    const loaded = await loadManifests(
      entity,
      reader(new NotFoundError('no k8s')) as any,
      'shop',
    );
    expect(loaded.source).toBe('generated');
    expect(loaded.objects).toEqual(generateManifests(entity, 'shop'));
    const { objects } = renderManifests(loaded.objects, {
      entity,
      namespace: 'shop',
      image: 'checkout:1',
      defaultReplicas: 1,
    });
    expect(objects.map(o => o.kind)).toEqual(['Service', 'Deployment']);
  });

  it('says which repository it could not read', async () => {
    await expect(
      loadManifests(entity, reader(new Error('socket hang up')) as any, 'shop'),
    ).rejects.toThrow(
      'Could not read the manifests in http://127.0.0.1:7007/api/git/repos/checkout.git/tree/main/k8s: socket hang up',
    );
  });
});

describe('entityLabelValue', () => {
  it('fits the label value rules', () => {
    expect(entityLabelValue(entity)).toBe('component.default.checkout');
    const long = entityLabelValue({
      ...entity,
      metadata: { name: 'x'.repeat(63) },
    });
    expect(long.length).toBeLessThanOrEqual(63);
    expect(long).toMatch(/^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$/);
  });
});
