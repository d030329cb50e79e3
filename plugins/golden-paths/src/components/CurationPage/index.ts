export { CurationPage } from './CurationPage';
