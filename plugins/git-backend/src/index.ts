export { gitPlugin as default } from './plugin';
