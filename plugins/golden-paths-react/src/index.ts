/**
 * Web library for Paved's golden paths: the usage API client and the components that show
 * template usage, shared by the curation page and the Create page.
 *
 * @packageDocumentation
 */
export * from './api';
export * from './components';
export * from './hooks';
export { formatAgo, formatDuration, formatRate } from './format';
