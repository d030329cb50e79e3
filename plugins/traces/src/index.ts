/**
 * Paved's traces frontend.
 *
 * @packageDocumentation
 */
export { tracesPlugin as default } from './plugin';
