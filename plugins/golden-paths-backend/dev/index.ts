import { createBackend } from '@backstage/backend-defaults';

// This plugin reads the scaffolder, so run it next to one: `yarn start` here, then
//   curl localhost:7007/api/golden-paths/usage -H 'authorization: Bearer <token>'
const backend = createBackend();
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('../src'));
backend.start();
