/**
 * Types of the pipelines plugin's API: health, lag, history and registered pipelines.
 *
 * @packageDocumentation
 */
export * from './types';
