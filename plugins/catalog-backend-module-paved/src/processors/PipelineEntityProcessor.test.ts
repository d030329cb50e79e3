import { PipelineEntityProcessor } from './PipelineEntityProcessor';

const location = {
  type: 'url',
  target: 'http://example.com/catalog-info.yaml',
};
const pipeline = {
  apiVersion: 'paved.dev/v1alpha1',
  kind: 'Pipeline',
  metadata: { name: 'orders-enrichment', namespace: 'default' },
  spec: {
    type: 'streaming',
    lifecycle: 'production',
    owner: 'data-team',
    system: 'data-platform',
    component: 'orders-enricher',
    inputs: [{ topic: 'orders.raw', consumerGroup: 'enricher' }],
    outputs: [{ topic: 'Orders_Enriched' }],
    slo: { maxLagMessages: 100 },
  },
};

describe('PipelineEntityProcessor', () => {
  const processor = new PipelineEntityProcessor({ defaultCluster: 'main' });

  it('accepts valid Pipelines and leaves other kinds to other processors', async () => {
    expect(await processor.validateEntityKind(pipeline as any)).toBe(true);
    expect(
      await processor.validateEntityKind({
        ...pipeline,
        kind: 'Component',
      } as any),
    ).toBe(false);
  });

  it('fails an invalid Pipeline naming every bad field', async () => {
    const bad = {
      ...pipeline,
      spec: { ...pipeline.spec, type: 'realtime', inputs: [{ topic: 'ok' }] },
    };
    await expect(processor.validateEntityKind(bad as any)).rejects.toThrow(
      /Invalid Pipeline orders-enrichment: spec\.type: must be "streaming" or "batch"; spec\.inputs\[0\]\.consumerGroup: a consumer group is required/,
    );
  });

  it('relates the pipeline to its owner, system, component and topics in both directions', async () => {
    const emitted: any[] = [];
    await processor.postProcessEntity(pipeline as any, location, r =>
      emitted.push(r),
    );
    const relations = emitted.map(
      r =>
        `${r.relation.source.kind}:${r.relation.source.name} ${r.relation.type} ${r.relation.target.kind}:${r.relation.target.name}`,
    );
    expect(relations).toEqual(
      expect.arrayContaining([
        'Pipeline:orders-enrichment ownedBy group:data-team',
        'group:data-team ownerOf Pipeline:orders-enrichment',
        'Pipeline:orders-enrichment partOf system:data-platform',
        'Pipeline:orders-enrichment dependsOn component:orders-enricher',
        'component:orders-enricher dependencyOf Pipeline:orders-enrichment',
        'Pipeline:orders-enrichment readsFrom resource:main.orders.raw',
        'resource:main.orders.raw readBy Pipeline:orders-enrichment',
        expect.stringMatching(
          /^Pipeline:orders-enrichment writesTo resource:main\.orders_enriched-[0-9a-f]{10}$/,
        ),
      ]),
    );
  });

  it('reads the cluster from the annotation before the default', async () => {
    const emitted: any[] = [];
    const annotated = {
      ...pipeline,
      metadata: {
        ...pipeline.metadata,
        annotations: { 'paved.dev/kafka-cluster': 'backup' },
      },
    };
    await processor.postProcessEntity(annotated as any, location, r =>
      emitted.push(r),
    );
    expect(
      emitted.some(r => r.relation.target.name === 'backup.orders.raw'),
    ).toBe(true);
  });
});
