export { HealthBadge } from './HealthBadge';
