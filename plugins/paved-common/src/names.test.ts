import { describeInvalidComponentName, suggestComponentName } from './names';
import { templateLifecycleOf } from './annotations';

describe('describeInvalidComponentName', () => {
  it.each(['a', 'orders-api', 'svc-2', 'a'.repeat(63), 'v9'])(
    'accepts the name %s',
    name => {
      expect(describeInvalidComponentName(name)).toBeUndefined();
    },
  );

  it.each([
    ['', /required/],
    [
      'my service',
      /Spaces are not allowed; use dashes, for example "my-service"/,
    ],
    ['..', /not a path/],
    ['../etc', /not a path \(for example "etc"\)/],
    ['a/b', /not a path/],
    ['Orders', /lowercase letters only, for example "orders"/],
    ['My_Service', /lowercase letters only, for example "my-service"/],
    ['orders_api', /found: _\); for example "orders-api"/],
    ['-orders', /Start with a letter/],
    ['9lives', /Start with a letter: the name becomes a Kubernetes Service/],
    ['orders-', /End with a letter or a digit/],
    ['a'.repeat(64), /at most 63 characters \(this one has 64\)/],
  ])('explains why %j is refused', (name, message) => {
    expect(describeInvalidComponentName(name)).toMatch(message);
  });
});

describe('suggestComponentName', () => {
  it.each([
    ['My_Service', 'my-service'],
    ['Payments Api', 'payments-api'],
    ['9lives', 'lives'],
    ['..', 'orders-api'],
    ['__', 'orders-api'],
  ])('turns %j into the valid %j', (typed, suggestion) => {
    expect(suggestComponentName(typed)).toBe(suggestion);
    expect(
      describeInvalidComponentName(suggestComponentName(typed)),
    ).toBeUndefined();
  });
});

describe('templateLifecycleOf', () => {
  const withAnnotation = (value?: string) => {
    const annotations: Record<string, string> = {};
    if (value !== undefined) annotations['paved.dev/lifecycle'] = value;
    return { metadata: { annotations } };
  };

  it('reads the three known lifecycles, whatever their case', () => {
    expect(templateLifecycleOf(withAnnotation('recommended'))).toBe(
      'recommended',
    );
    expect(templateLifecycleOf(withAnnotation('Deprecated'))).toBe(
      'deprecated',
    );
    expect(templateLifecycleOf(withAnnotation(' supported '))).toBe(
      'supported',
    );
  });

  it('treats a missing or unknown lifecycle as supported', () => {
    expect(templateLifecycleOf(withAnnotation())).toBe('supported');
    expect(templateLifecycleOf(withAnnotation('recomended'))).toBe('supported');
  });
});
