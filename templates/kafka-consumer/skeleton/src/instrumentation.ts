/*
 * Preloaded with `node --require` (see the start script and the Dockerfile) so that the HTTP
 * instrumentation patches node:http before the server module first loads it.
 */
import { SERVICE_NAME } from './config';
import { startTracing } from './tracing';

startTracing(SERVICE_NAME);
