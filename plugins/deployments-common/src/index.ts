/**
 * Types, permissions and image-reference checks shared by the deployments frontend and backend.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './permissions';
export * from './image';
export * from './annotations';
