/**
 * Traces backend: an OTLP/HTTP receiver, the span store, and queries for traces, RED metrics
 * and observed dependencies.
 *
 * @packageDocumentation
 */
export { tracesPlugin as default } from './plugin';
