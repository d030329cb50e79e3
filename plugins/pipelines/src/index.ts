/**
 * Paved's pipelines frontend.
 *
 * @packageDocumentation
 */
export { pipelinesPlugin as default } from './plugin';
