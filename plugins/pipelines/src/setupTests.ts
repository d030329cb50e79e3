import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// A cold run on two cores (empty Jest transform cache, the test stack's JVM and control plane
// starting beside the tests) was seen taking more than the default second for a lazily loaded
// page to appear, and more than five for a test of many clicks. These waits are for things that
// do appear, so longer bounds cost nothing when a test passes.
configure({ asyncUtilTimeout: 10_000 });
jest.setTimeout(30_000);
