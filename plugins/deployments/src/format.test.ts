import {
  formatDuration,
  formatRelative,
  imageTag,
  shortImage,
  nameOf,
} from './format';

describe('format', () => {
  it('writes durations the way people say them', () => {
    expect(formatDuration(null)).toBe('–');
    expect(formatDuration(300)).toBe('< 1 s');
    expect(formatDuration(42_000)).toBe('42 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatDuration(3_600_000)).toBe('1 h');
    expect(formatDuration(3_900_000)).toBe('1 h 5 min');
  });

  it('writes times relative to now', () => {
    const now = Date.parse('2026-03-01T12:00:00Z');
    expect(formatRelative('2026-03-01T11:59:40Z', now)).toBe('just now');
    expect(formatRelative('2026-03-01T11:57:00Z', now)).toBe('3 minutes ago');
    expect(formatRelative('2026-03-01T09:00:00Z', now)).toBe('3 hours ago');
    expect(formatRelative('2026-02-28T12:00:00Z', now)).toBe('yesterday');
  });

  it('names who deployed by the name in their entity ref', () => {
    expect(nameOf('user:default/ada')).toBe('ada');
    expect(nameOf('user:ops/grace')).toBe('grace');
  });

  it('names an image by its tag, or the start of its digest', () => {
    expect(imageTag('ghcr.io/acme/checkout:1.4.2')).toBe('1.4.2');
    expect(imageTag('localhost:5000/checkout')).toBe('latest');
    expect(imageTag(`nginx@sha256:${'a'.repeat(64)}`)).toBe(
      'sha256:aaaaaaaaaaaa',
    );
    expect(imageTag(null)).toBe('–');
  });

  it('shortens an image to its repository name and tag for tables', () => {
    expect(shortImage('registry.paved.dev/team/checkout-api:1.0.0')).toBe(
      'checkout-api:1.0.0',
    );
    expect(shortImage(`nginx@sha256:${'b'.repeat(64)}`)).toBe(
      'nginx:sha256:bbbbbbbbbbbb',
    );
    expect(shortImage('localhost:5000/checkout')).toBe('checkout:latest');
  });
});
