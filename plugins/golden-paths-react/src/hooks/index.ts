export { useTemplateUsage } from './useTemplateUsage';
