export { goldenPathsApiRef } from './GoldenPathsApi';
export type { GoldenPathsApi } from './GoldenPathsApi';
export { GoldenPathsClient } from './GoldenPathsClient';
