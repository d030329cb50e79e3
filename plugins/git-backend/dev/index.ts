import { createBackend } from '@backstage/backend-defaults';

// A backend with only this plugin, for `yarn start` in this package:
//   curl -X POST localhost:7007/api/git/repositories -H 'content-type: application/json' \
//     -H 'authorization: Bearer <token>' -d '{"name":"demo"}'
//   git clone http://localhost:7007/api/git/repos/demo.git
const backend = createBackend();
backend.add(import('../src'));
backend.start();
