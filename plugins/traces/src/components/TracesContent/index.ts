export { TracesContent } from './TracesContent';
