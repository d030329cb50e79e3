/**
 * Paved's deployments frontend.
 *
 * @packageDocumentation
 */
export { deploymentsPlugin as default } from './plugin';
