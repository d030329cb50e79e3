import { CatalogErrors } from './CatalogErrors';

describe('CatalogErrors', () => {
  const t0 = new Date('2026-12-01T10:00:00Z');

  it('keeps what the catalog said about Pipeline descriptors and ignores other kinds', () => {
    const errors = new CatalogErrors(600_000);
    errors.record(
      {
        entity: 'pipeline:default/Broken',
        location: 'url:http://git/x/catalog-info.yaml',
        errors: [
          {
            name: 'InputError',
            message: 'spec.slo.maxLagMessages: must be greater than 0',
          },
        ],
      },
      t0,
    );
    errors.record(
      { entity: 'component:default/x', errors: [{ message: 'nope' }] },
      t0,
    );
    errors.record({ entity: 'pipeline:default/fine', errors: [] }, t0);
    errors.record('garbage', t0);
    expect(errors.list(t0)).toEqual([
      {
        entityRef: 'pipeline:default/broken',
        location: 'url:http://git/x/catalog-info.yaml',
        errors: ['spec.slo.maxLagMessages: must be greater than 0'],
        seenAt: t0.toISOString(),
      },
    ]);
  });

  it('forgets a descriptor the catalog stopped complaining about', () => {
    const errors = new CatalogErrors(600_000);
    errors.record(
      { entity: 'pipeline:default/a', errors: [{ message: 'x' }] },
      t0,
    );
    expect(errors.list(new Date(t0.getTime() + 599_000))).toHaveLength(1);
    expect(errors.list(new Date(t0.getTime() + 601_000))).toHaveLength(0);
  });
});
