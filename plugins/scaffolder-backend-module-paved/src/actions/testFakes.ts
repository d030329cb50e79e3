import { RepositoryPublisher } from '../publishers/types';
import { PublishConfig } from '../config';

export const testConfig: PublishConfig = {
  target: 'local',
  defaultBranch: 'main',
  registrationTimeoutMs: 1500,
  defaultAuthor: { name: 'Paved', email: 'scaffolder@paved.dev' },
  deployCluster: '',
  otlpTracesEndpoint: 'http://portal.test/api/traces/v1/traces',
};

/** An in-memory repository host that records what happened to it. */
export class FakePublisher implements RepositoryPublisher {
  readonly target = 'fake';
  readonly repositories = new Set<string>();
  failPushWith?: Error;

  async cloneUrlFor(name: string) {
    return `http://git.test/repos/${name}.git`;
  }
  async exists(name: string) {
    return this.repositories.has(name);
  }
  async publish(options: { name: string; defaultBranch: string }) {
    this.repositories.add(options.name);
    if (this.failPushWith) {
      // As the contract says: a publisher removes what it created when its push fails.
      this.repositories.delete(options.name);
      throw this.failPushWith;
    }
    const cloneUrl = await this.cloneUrlFor(options.name);
    return {
      cloneUrl,
      remoteUrl: `${cloneUrl}/tree/${options.defaultBranch}`,
      fileUrl: (file: string) =>
        `${cloneUrl}/blob/${options.defaultBranch}/${file}`,
    };
  }
  async remove(name: string) {
    if (!this.repositories.delete(name))
      throw new Error(`404 ${name} does not exist`);
  }
}
