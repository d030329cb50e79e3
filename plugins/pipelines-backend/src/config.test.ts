import { ConfigReader } from '@backstage/config';
import { readPipelinesConfig } from './config';

const read = (pipelines: any) =>
  readPipelinesConfig(new ConfigReader({ pipelines }) as any);

describe('readPipelinesConfig', () => {
  it('has sane defaults without any cluster', () => {
    expect(read(undefined)).toEqual({
      clusters: [],
      defaultCluster: undefined,
      schedule: expect.objectContaining({ frequency: { seconds: 30 } }),
      retentionDays: 7,
      failingFactor: 2,
    });
  });

  it('reads several clusters with TLS and SASL, and defaults to the first', () => {
    const config = read({
      kafka: {
        clusters: [
          {
            name: 'main',
            brokers: ['k1:9093', 'k2:9093'],
            ssl: true,
            sasl: { mechanism: 'scram-sha-512', username: 'u', password: 'p' },
          },
          {
            name: 'edge',
            brokers: ['e:9093'],
            ssl: { ca: 'PEM', rejectUnauthorized: false },
            requestTimeoutMs: 500,
          },
        ],
      },
      poll: {
        schedule: { frequency: { minutes: 1 }, timeout: { minutes: 1 } },
      },
    });
    expect(config.defaultCluster).toBe('main');
    expect(config.clusters[0]).toEqual({
      name: 'main',
      brokers: ['k1:9093', 'k2:9093'],
      ssl: true,
      sasl: { mechanism: 'scram-sha-512', username: 'u', password: 'p' },
      connectionTimeoutMs: 3000,
      requestTimeoutMs: 10000,
    });
    expect(config.clusters[1]).toMatchObject({
      ssl: { ca: 'PEM', rejectUnauthorized: false },
      requestTimeoutMs: 500,
    });
    expect(config.schedule.frequency).toEqual({ minutes: 1 });
  });

  it.each([
    [
      { kafka: { clusters: [{ name: 'Main', brokers: ['k:1'] }] } },
      "pipelines.kafka.clusters[0].name 'Main' must be lowercase",
    ],
    [
      { kafka: { clusters: [{ name: 'a', brokers: ['k'] }] } },
      "pipelines.kafka.clusters[0].brokers entry 'k' is not host:port",
    ],
    [
      { kafka: { clusters: [{ name: 'a', brokers: [] }] } },
      'pipelines.kafka.clusters[0].brokers must list at least one host:port',
    ],
    [
      {
        kafka: {
          clusters: [
            {
              name: 'a',
              brokers: ['k:1'],
              sasl: { mechanism: 'gssapi', username: 'u', password: 'p' },
            },
          ],
        },
      },
      'sasl.mechanism must be plain, scram-sha-256 or scram-sha-512',
    ],
    [
      {
        kafka: {
          clusters: [
            { name: 'a', brokers: ['k:1'] },
            { name: 'a', brokers: ['k:2'] },
          ],
        },
      },
      "two clusters named 'a'",
    ],
    [
      {
        kafka: {
          clusters: [{ name: 'a', brokers: ['k:1'] }],
          defaultCluster: 'b',
        },
      },
      "defaultCluster 'b' is not one of",
    ],
    [{ samples: { retentionDays: 0 } }, 'retentionDays must be positive'],
    [{ health: { failingFactor: 1 } }, 'failingFactor must be greater than 1'],
  ])('refuses %j naming the key', (pipelines, message) => {
    expect(() => read(pipelines)).toThrow(message);
  });
});
