/**
 * Paved's golden-path curation page.
 *
 * @packageDocumentation
 */
export { goldenPathsPlugin as default } from './plugin';
