import { createServiceFactory } from '@backstage/backend-plugin-api';
import { urlReaderFactoriesServiceRef } from '@backstage/backend-defaults/urlReader';
import { GitUrlReader } from './GitUrlReader';

/**
 * Adds {@link GitUrlReader} to the backend's URL readers:
 * `backend.add(gitUrlReaderServiceFactory)`.
 *
 * @public
 */
export const gitUrlReaderServiceFactory = createServiceFactory({
  service: urlReaderFactoriesServiceRef,
  deps: {},
  async factory() {
    return GitUrlReader.factory;
  },
});
