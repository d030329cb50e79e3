import { describeInvalidComponentName } from './names';
import { templateLifecycleOf } from './annotations';

describe('describeInvalidComponentName', () => {
  it.each(['a', 'orders-api', 'svc-2', 'a'.repeat(63), '9lives'])(
    'accepts the DNS-1123 label %s',
    name => {
      expect(describeInvalidComponentName(name)).toBeUndefined();
    },
  );

  it.each([
    ['', /required/],
    ['my service', /Spaces are not allowed/],
    ['..', /not a path/],
    ['../etc', /not a path/],
    ['a/b', /not a path/],
    ['Orders', /lowercase letters only, for example "orders"/],
    ['orders_api', /found: _/],
    ['-orders', /Start and end/],
    ['orders-', /Start and end/],
    ['a'.repeat(64), /at most 63 characters \(this one has 64\)/],
  ])('explains why %j is refused', (name, message) => {
    expect(describeInvalidComponentName(name)).toMatch(message);
  });
});

describe('templateLifecycleOf', () => {
  const withAnnotation = (value?: string) => {
    const annotations: Record<string, string> = {};
    if (value !== undefined) annotations['paved.dev/lifecycle'] = value;
    return { metadata: { annotations } };
  };

  it('reads the three known lifecycles, whatever their case', () => {
    expect(templateLifecycleOf(withAnnotation('recommended'))).toBe('recommended');
    expect(templateLifecycleOf(withAnnotation('Deprecated'))).toBe('deprecated');
    expect(templateLifecycleOf(withAnnotation(' supported '))).toBe('supported');
  });

  it('treats a missing or unknown lifecycle as supported', () => {
    expect(templateLifecycleOf(withAnnotation())).toBe('supported');
    expect(templateLifecycleOf(withAnnotation('recomended'))).toBe('supported');
  });
});
