import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The waterfall page of one trace, `/traces/:traceId` by default. */
export const traceRouteRef = createRouteRef({ params: ['traceId'] });
