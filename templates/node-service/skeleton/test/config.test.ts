import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig, SERVICE_NAME } from '../src/config';

test('defaults apply when the environment sets nothing', () => {
  assert.deepEqual(loadConfig({}), {
    serviceName: SERVICE_NAME,
    port: ${{ values.port }},
    logLevel: 'info',
    shutdownTimeoutMs: 10000,
  });
});

test('the environment overrides every default', () => {
  assert.deepEqual(
    loadConfig({
      PORT: '9000',
      LOG_LEVEL: 'DEBUG',
      SHUTDOWN_TIMEOUT_MS: '2500',
      OTEL_SERVICE_NAME: 'renamed',
    }),
    { serviceName: 'renamed', port: 9000, logLevel: 'debug', shutdownTimeoutMs: 2500 },
  );
});

test('invalid values are all reported together instead of falling back silently', () => {
  assert.throws(
    () => loadConfig({ PORT: '80a', LOG_LEVEL: 'loud', SHUTDOWN_TIMEOUT_MS: '-1' }),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.problems.length, 3);
      assert.match(error.problems.join('\n'), /PORT must be a whole number/);
      assert.match(error.problems.join('\n'), /LOG_LEVEL must be one of debug, info, warn, error/);
      assert.match(error.problems.join('\n'), /SHUTDOWN_TIMEOUT_MS must be a whole number/);
      return true;
    },
  );
  assert.throws(() => loadConfig({ PORT: '70000' }), /PORT must be between 0 and 65535/);
});
