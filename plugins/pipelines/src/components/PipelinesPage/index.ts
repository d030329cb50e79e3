export { PipelinesPage } from './PipelinesPage';
