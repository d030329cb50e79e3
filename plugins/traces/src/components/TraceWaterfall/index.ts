export { TraceWaterfall } from './TraceWaterfall';
