import { z } from 'zod';
import { PAVED_ANNOTATIONS } from './annotations';

/** @public */
export const PIPELINE_API_VERSION = 'paved.dev/v1alpha1';
/** @public */
export const PIPELINE_KIND = 'Pipeline';

// Kafka's own rule for topic names (kafka.common.Topic): at most 249 of these characters.
const KAFKA_TOPIC = /^[a-zA-Z0-9._-]{1,249}$/;
const ENTITY_NAME = /^[a-zA-Z0-9](?:[a-zA-Z0-9._-]{0,61}[a-zA-Z0-9])?$/;

const topicName = z
  .string({ error: 'a topic name is required' })
  .regex(
    KAFKA_TOPIC,
    'must be a Kafka topic name: 1-249 letters, digits, ".", "_" or "-"',
  )
  .refine(t => t !== '.' && t !== '..', 'may not be "." or ".."');

const consumerGroup = z
  .string({ error: 'a consumer group is required' })
  .min(1, 'a consumer group is required')
  .max(255, 'must be at most 255 characters')
  .refine(
    g => ![...g].some(c => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f),
    'may not contain control characters',
  );

const entityRef = z
  .string({ error: 'an entity reference is required' })
  .min(1, 'an entity reference is required')
  .regex(
    /^(?:[a-zA-Z]+:)?(?:[a-zA-Z0-9._-]+\/)?[a-zA-Z0-9._-]+$/,
    'must be an entity reference like group:default/data-team',
  );

/**
 * The `spec` of a Pipeline entity: a streaming or batch job that reads Kafka topics with a
 * consumer group each, may write other topics, and promises how far behind it may fall.
 *
 * @public
 */
export const pipelineSpecSchema = z
  .object({
    type: z.enum(['streaming', 'batch'], {
      error: 'must be "streaming" or "batch"',
    }),
    lifecycle: z
      .string({ error: 'is required, e.g. production or experimental' })
      .min(1, 'is required, e.g. production or experimental'),
    owner: entityRef,
    system: entityRef.optional(),
    /** The component that runs the pipeline. */
    component: entityRef.optional(),
    inputs: z
      .array(z.object({ topic: topicName, consumerGroup }).strict(), {
        error: 'must be a list of {topic, consumerGroup}',
      })
      .min(1, 'needs at least one input topic'),
    outputs: z
      .array(z.object({ topic: topicName }).strict(), {
        error: 'must be a list of {topic}',
      })
      .default([]),
    slo: z
      .object(
        {
          maxLagMessages: z
            .number({ error: 'must be a number' })
            .int('must be a whole number')
            .positive('must be greater than 0')
            .optional(),
          maxLagSeconds: z
            .number({ error: 'must be a number' })
            .positive('must be greater than 0')
            .optional(),
        },
        { error: 'is required: {maxLagMessages and/or maxLagSeconds}' },
      )
      .strict()
      .refine(
        s => s.maxLagMessages !== undefined || s.maxLagSeconds !== undefined,
        {
          message: 'needs maxLagMessages, maxLagSeconds or both',
        },
      ),
  })
  .strict();

/**
 * A whole Pipeline entity as it is written in a descriptor or sent to the pipelines API.
 *
 * @public
 */
export const pipelineEntitySchema = z.object({
  apiVersion: z.literal(PIPELINE_API_VERSION, {
    error: `must be ${PIPELINE_API_VERSION}`,
  }),
  kind: z.literal(PIPELINE_KIND, { error: `must be ${PIPELINE_KIND}` }),
  metadata: z
    .object({
      name: z
        .string({ error: 'is required' })
        .regex(
          ENTITY_NAME,
          'must be 1-63 letters, digits, ".", "_" or "-", starting and ending with a letter or digit',
        ),
      namespace: z
        .string()
        .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a DNS label')
        .optional(),
      title: z.string().max(200, 'must be at most 200 characters').optional(),
      description: z
        .string()
        .max(2000, 'must be at most 2000 characters')
        .optional(),
      annotations: z.record(z.string(), z.string()).optional(),
      labels: z.record(z.string(), z.string()).optional(),
      tags: z.array(z.string()).optional(),
      links: z
        .array(
          z
            .object({ url: z.string(), title: z.string().optional() })
            .passthrough(),
        )
        .optional(),
    })
    .passthrough(),
  spec: pipelineSpecSchema,
});

/** @public */
export type PipelineSpec = z.output<typeof pipelineSpecSchema>;

/** @public */
export type PipelineEntity = z.output<typeof pipelineEntitySchema>;

/**
 * Checks a candidate Pipeline entity and lists every problem as "field: what is wrong", with
 * the field named by its path (`spec.inputs[1].topic`), or returns the parsed entity.
 *
 * @public
 */
export function parsePipelineEntity(
  value: unknown,
): { ok: true; entity: PipelineEntity } | { ok: false; problems: string[] } {
  const result = pipelineEntitySchema.safeParse(value);
  if (result.success) return { ok: true, entity: result.data };
  return {
    ok: false,
    problems: result.error.issues.map(issue => {
      const path = issue.path
        .map((p, i) =>
          typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`,
        )
        .join('');
      return `${path || '(entity)'}: ${issue.message}`;
    }),
  };
}

/**
 * The entity ref of a pipeline, `pipeline:<namespace>/<name>`, lowercase as the catalog keys it.
 *
 * @public
 */
export function pipelineRef(entity: {
  metadata: { name: string; namespace?: string };
}): string {
  return `pipeline:${entity.metadata.namespace ?? 'default'}/${
    entity.metadata.name
  }`.toLowerCase();
}

/**
 * The Kafka cluster a pipeline reads, by its name in config; undefined means the default.
 *
 * @public
 */
export function pipelineClusterOf(entity: {
  metadata: { annotations?: Record<string, string> };
}) {
  return (
    entity.metadata.annotations?.[PAVED_ANNOTATIONS.kafkaCluster] || undefined
  );
}

/**
 * How a pipeline is doing against its SLO. `unknown` only when the numbers could not be read.
 *
 * @public
 */
export type HealthStatus = 'healthy' | 'degraded' | 'failing' | 'unknown';

/** @public */
export const HEALTH_STATUSES: readonly HealthStatus[] = [
  'healthy',
  'degraded',
  'failing',
  'unknown',
];

// FNV-1a over UTF-16 code units, two seeds for 64 bits: stable in browsers and Node alike,
// and enough to keep names of distinct topics apart.
function shortHash(text: string): string {
  const fnv = (seed: number) => {
    let h = seed >>> 0;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h.toString(16).padStart(8, '0');
  };
  return `${fnv(0x811c9dc5)}${fnv(0x01000193 ^ 0x5bd1e995)}`.slice(0, 10);
}

/**
 * The catalog name of the `kafka-topic` Resource for a topic on a cluster. Topic names may be
 * longer than entity names, start with `_`, differ only in case, or exist on two clusters; the
 * name keeps cluster and topic readable and adds a hash whenever anything had to change, so two
 * different topics never share a name. The exact topic stays in `paved.dev/kafka-topic`.
 *
 * @public
 */
export function kafkaTopicEntityName(cluster: string, topic: string): string {
  const raw = `${cluster}.${topic}`;
  const cleaned = raw
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/[^a-z0-9]+$/, '');
  if (cleaned === raw && raw.length <= 63) return raw;
  const hash = shortHash(`${cluster}\u0000${topic}`);
  const head = cleaned
    .slice(0, 63 - hash.length - 1)
    .replace(/[^a-z0-9]+$/, '');
  return head ? `${head}-${hash}` : `topic-${hash}`;
}

/** @public */
export const KAFKA_TOPIC_RESOURCE_TYPE = 'kafka-topic';

/** @public */
export const KAFKA_TOPIC_ANNOTATION = 'paved.dev/kafka-topic';
