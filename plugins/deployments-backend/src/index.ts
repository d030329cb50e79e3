/**
 * Deploying services to Kubernetes from the Paved portal.
 *
 * @packageDocumentation
 */
export { deploymentsPlugin as default } from './plugin';
