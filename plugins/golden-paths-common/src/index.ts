/**
 * Types of the golden-paths plugin's API: template usage taken from the scaffolder.
 *
 * @packageDocumentation
 */
export * from './types';
