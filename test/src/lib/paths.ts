import path from 'node:path';

/** The checkout these tests belong to. */
// This package runs from source under Jest and is never bundled, so __dirname is where it says.
// eslint-disable-next-line no-restricted-syntax
export const REPO_ROOT = path.resolve(__dirname, '../../..');
