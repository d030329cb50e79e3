/**
 * Types and helpers shared by several Paved plugin families: annotation keys, template
 * lifecycles and component-name rules.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './names';
