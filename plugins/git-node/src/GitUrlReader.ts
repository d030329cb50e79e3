import {
  UrlReaderService,
  UrlReaderServiceReadTreeOptions,
  UrlReaderServiceReadTreeResponse,
  UrlReaderServiceReadUrlOptions,
  UrlReaderServiceReadUrlResponse,
  UrlReaderServiceSearchOptions,
  UrlReaderServiceSearchResponse,
} from '@backstage/backend-plugin-api';
import {
  ReadTreeResponseFactory,
  ReadUrlResponseFactory,
  ReaderFactory,
} from '@backstage/backend-defaults/urlReader';
import {
  NotFoundError,
  NotModifiedError,
  ResponseError,
} from '@backstage/errors';
import { Readable } from 'node:stream';
import { minimatch } from 'minimatch';
import { parseHostedRepositoryUrl } from './urls';

const GLOB_CHARS = /[*?[\]{}]/;

/**
 * Reads files, trees and globs from repositories hosted by the git plugin, so that the catalog
 * can ingest `catalog-info.yaml` from them and the scaffolder can fetch from them. It reads
 * through the plugin's raw/archive/files views, which need no credentials, like `git clone`.
 *
 * @public
 */
export class GitUrlReader implements UrlReaderService {
  /** Registers a reader for URLs under `<backend.baseUrl>/api/git/repos/`. */
  static factory: ReaderFactory = ({ config, treeResponseFactory }) => {
    const baseUrl = config.getString('backend.baseUrl').replace(/\/+$/, '');
    const prefix = `${baseUrl}/api/git/repos/`;
    const reader = new GitUrlReader(treeResponseFactory);
    return [{ reader, predicate: (url: URL) => url.href.startsWith(prefix) }];
  };

  constructor(private readonly treeResponseFactory: ReadTreeResponseFactory) {}

  private parse(url: string) {
    const parsed = parseHostedRepositoryUrl(url);
    if (!parsed) {
      throw new NotFoundError(
        `${url} does not point into a hosted git repository`,
      );
    }
    return parsed;
  }

  private async get(
    url: string,
    options: { etag?: string; signal?: AbortSignal },
  ): Promise<Response> {
    const response = await fetch(url, {
      headers: options.etag ? { 'if-none-match': options.etag } : {},
      signal: options.signal as any,
    });
    if (response.status === 304) {
      throw new NotModifiedError();
    }
    if (response.status === 404) {
      const error = await ResponseError.fromResponse(response);
      throw new NotFoundError(
        `${url} could not be read: ${
          error.body?.error?.message ?? 'not found'
        }`,
      );
    }
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }

  async readUrl(
    url: string,
    options?: UrlReaderServiceReadUrlOptions,
  ): Promise<UrlReaderServiceReadUrlResponse> {
    const { repositoryUrl, refAndPath } = this.parse(url);
    const response = await this.get(`${repositoryUrl}/raw/${refAndPath}`, {
      etag: options?.etag,
      signal: options?.signal,
    });
    return ReadUrlResponseFactory.fromReadable(
      Readable.fromWeb(response.body as any),
      { etag: response.headers.get('etag') ?? undefined },
    );
  }

  async readTree(
    url: string,
    options?: UrlReaderServiceReadTreeOptions,
  ): Promise<UrlReaderServiceReadTreeResponse> {
    const { repositoryUrl, refAndPath } = this.parse(url);
    const response = await this.get(`${repositoryUrl}/archive/${refAndPath}`, {
      etag: options?.etag,
      signal: options?.signal,
    });
    return this.treeResponseFactory.fromTarArchive({
      stream: Readable.fromWeb(response.body as any),
      etag: response.headers.get('etag') ?? '',
      filter: options?.filter,
    });
  }

  async search(
    url: string,
    options?: UrlReaderServiceSearchOptions,
  ): Promise<UrlReaderServiceSearchResponse> {
    const { repositoryUrl, view, refAndPath } = this.parse(url);
    const segments = refAndPath.split('/');
    const firstGlob = segments.findIndex(s => GLOB_CHARS.test(s));
    if (firstGlob < 0) {
      // A plain file URL: a search that matches exactly that file, or nothing.
      try {
        const file = await this.readUrl(url, {
          etag: options?.etag,
          signal: options?.signal,
        });
        const content = await file.buffer();
        return {
          etag: file.etag ?? '',
          files: [{ url, content: async () => content }],
        };
      } catch (error) {
        if (error instanceof NotFoundError) return { etag: '', files: [] };
        throw error;
      }
    }
    const base = segments.slice(0, firstGlob).join('/');
    const response = await this.get(`${repositoryUrl}/files/${base}`, {
      etag: options?.etag,
      signal: options?.signal,
    });
    const listing = (await response.json()) as {
      ref: string;
      commit: string;
      files: string[];
    };
    const etag = response.headers.get('etag') ?? listing.commit;
    // Listed paths are relative to the repository root; the pattern is what follows the ref.
    const pattern = refAndPath.slice(listing.ref.length + 1);
    const matches = listing.files.filter(f =>
      minimatch(f, pattern, { dot: true }),
    );
    return {
      etag,
      files: matches.map(file => {
        const fileUrl = `${repositoryUrl}/${view === 'tree' ? 'blob' : view}/${
          listing.ref
        }/${file}`;
        return {
          url: fileUrl,
          content: async () => (await this.readUrl(fileUrl)).buffer(),
        };
      }),
    };
  }

  toString() {
    return 'paved-git{}';
  }
}
