export { ExampleComponent } from './ExampleComponent';
export type { ExampleComponentProps } from './ExampleComponent';
