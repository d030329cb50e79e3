/***/
/**
 * The paved backend module for the scaffolder plugin.
 *
 * @packageDocumentation
 */

export { scaffolderModulePaved as default } from './module';
