export { PipelineForm } from './PipelineForm';
