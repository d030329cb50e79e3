/**
 * Types shared by the traces backend and frontend: spans as the portal serves them, trace
 * search, RED metrics and the dependencies observed in spans.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './services';
