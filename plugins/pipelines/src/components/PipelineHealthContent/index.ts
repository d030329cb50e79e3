export { PipelineHealthContent } from './PipelineHealthContent';
