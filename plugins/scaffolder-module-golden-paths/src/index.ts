export { scaffolderModuleGoldenPaths as default } from './module';
