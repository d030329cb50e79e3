/**
 * Pipelines backend: registration API and lag and health read from Kafka.
 *
 * @packageDocumentation
 */
export { pipelinesPlugin as default } from './plugin';
