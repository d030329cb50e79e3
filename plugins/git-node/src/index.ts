/**
 * Node.js library for Paved's git hosting plugin: a client for its REST API and a URL reader
 * for the repositories it hosts.
 *
 * @packageDocumentation
 */
export { GitHostingClient } from './GitHostingClient';
export type { HostedRepository } from './GitHostingClient';
export { GitUrlReader } from './GitUrlReader';
export { gitUrlReaderServiceFactory } from './urlReaderFactory';
export { parseHostedRepositoryUrl } from './urls';
export type { HostedRepositoryUrl } from './urls';
