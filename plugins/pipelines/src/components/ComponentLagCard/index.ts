export { ComponentLagCard, runsPipelines } from './ComponentLagCard';
