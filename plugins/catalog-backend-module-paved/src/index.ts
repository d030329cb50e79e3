/***/
/**
 * The paved backend module for the catalog plugin.
 *
 * @packageDocumentation
 */

export { catalogModulePaved as default } from './module';
