import path from 'node:path';

/** The checkout these tests belong to. */
export const REPO_ROOT = path.resolve(__dirname, '../../..');
