/*
 * Runtime configuration, read once from the environment at start-up. Invalid values stop the
 * process before it listens, so a bad rollout fails its probes instead of half-working.
 */
import type { LogLevel } from './logger';

/** The name this service was created with; also the default OpenTelemetry service.name. */
export const SERVICE_NAME = '${{ values.name }}';

export interface Config {
  serviceName: string;
  port: number;
  logLevel: LogLevel;
  /** How long in-flight requests may take to finish after SIGTERM before their sockets are closed. */
  shutdownTimeoutMs: number;
}

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];

  const port = integerFrom(env, 'PORT', ${{ values.port }}, 0, 65535, problems);
  const shutdownTimeoutMs = integerFrom(env, 'SHUTDOWN_TIMEOUT_MS', 10000, 0, 300000, problems);

  const rawLevel = (env.LOG_LEVEL ?? 'info').trim().toLowerCase();
  const logLevel = LOG_LEVELS.find(level => level === rawLevel);
  if (!logLevel) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${env.LOG_LEVEL}")`);
  }

  if (problems.length > 0 || !logLevel) {
    throw new ConfigError(problems);
  }
  return {
    serviceName: env.OTEL_SERVICE_NAME?.trim() || SERVICE_NAME,
    port,
    logLevel,
    shutdownTimeoutMs,
  };
}

function integerFrom(
  env: NodeJS.ProcessEnv,
  key: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number {
  const raw = env[key]?.trim();
  if (!raw) {
    return fallback;
  }
  // Number('') and Number('1e3') are both "valid" numbers; a config typo should not be.
  if (!/^\d+$/.test(raw)) {
    problems.push(`${key} must be a whole number (got "${raw}")`);
    return fallback;
  }
  const value = Number(raw);
  if (value < min || value > max) {
    problems.push(`${key} must be between ${min} and ${max} (got ${value})`);
    return fallback;
  }
  return value;
}
