/**
 * Types and helpers shared by several Paved plugin families: annotation keys, template
 * lifecycles, component-name rules, the Pipeline kind and health statuses.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './names';
export * from './pipeline';
