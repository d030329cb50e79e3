import { otelServiceNameOf } from './services';

describe('otelServiceNameOf', () => {
  it('takes the annotation, else the entity name', () => {
    expect(
      otelServiceNameOf({
        metadata: {
          name: 'orders-api',
          annotations: { 'paved.dev/otel-service-name': 'orders' },
        },
      }),
    ).toBe('orders');
    expect(otelServiceNameOf({ metadata: { name: 'orders-api' } })).toBe(
      'orders-api',
    );
    expect(
      otelServiceNameOf({
        metadata: {
          name: 'orders-api',
          annotations: { 'paved.dev/otel-service-name': '  ' },
        },
      }),
    ).toBe('orders-api');
  });
});
