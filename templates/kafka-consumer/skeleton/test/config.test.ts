import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, DEFAULT_GROUP_ID, loadConfig, SERVICE_NAME } from '../src/config';

test('defaults come from the template: local broker, the chosen topics, group and port', () => {
  assert.deepEqual(loadConfig({}), {
    serviceName: SERVICE_NAME,
    port: ${{ values.port }},
    logLevel: 'info',
    shutdownTimeoutMs: 20000,
    kafka: {
      brokers: ['localhost:9092'],
      clientId: SERVICE_NAME,
      groupId: DEFAULT_GROUP_ID,
      inputTopic: '${{ values.inputTopic }}',
      outputTopic: '${{ values.outputTopic }}',
      deadLetterTopic: undefined,
      ssl: false,
      sslCaFile: undefined,
      sasl: undefined,
    },
  });
});

test('the environment overrides brokers, topics, group, dead-letter topic and security', () => {
  const config = loadConfig({
    KAFKA_BROKERS: ' kafka-1:9092, kafka-2:9093 ,',
    KAFKA_CLIENT_ID: 'client-x',
    KAFKA_GROUP_ID: 'group-x',
    INPUT_TOPIC: 'in.topic',
    OUTPUT_TOPIC: 'out.topic',
    DEAD_LETTER_TOPIC: 'in.topic.dlq',
    KAFKA_SSL: 'true',
    KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
    KAFKA_SASL_USERNAME: 'svc',
    KAFKA_SASL_PASSWORD: 'secret',
  });
  assert.deepEqual(config.kafka, {
    brokers: ['kafka-1:9092', 'kafka-2:9093'],
    clientId: 'client-x',
    groupId: 'group-x',
    inputTopic: 'in.topic',
    outputTopic: 'out.topic',
    deadLetterTopic: 'in.topic.dlq',
    ssl: true,
    sslCaFile: undefined,
    sasl: { mechanism: 'scram-sha-512', username: 'svc', password: 'secret' },
  });
});

test('invalid settings are all reported together', () => {
  assert.throws(
    () =>
      loadConfig({
        KAFKA_BROKERS: 'no-port',
        INPUT_TOPIC: 'same',
        OUTPUT_TOPIC: 'same',
        KAFKA_SSL: 'yes',
        KAFKA_SASL_MECHANISM: 'gssapi',
        LOG_LEVEL: 'chatty',
      }),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      const text = error.problems.join('\n');
      assert.match(text, /KAFKA_BROKERS entries must be host:port \(got "no-port"\)/);
      assert.match(text, /OUTPUT_TOPIC must differ from INPUT_TOPIC/);
      assert.match(text, /KAFKA_SSL must be true or false/);
      assert.match(text, /KAFKA_SASL_MECHANISM must be one of plain, scram-sha-256, scram-sha-512/);
      assert.match(text, /LOG_LEVEL must be one of/);
      assert.equal(error.problems.length, 5);
      return true;
    },
  );
  assert.throws(() => loadConfig({ KAFKA_SASL_MECHANISM: 'plain' }), /KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD are required/);
  assert.throws(() => loadConfig({ INPUT_TOPIC: 'bad topic!' }), /INPUT_TOPIC must be a Kafka topic name/);
});
