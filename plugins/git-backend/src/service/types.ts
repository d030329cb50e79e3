/** A bare repository hosted by this plugin. */
export interface RepositorySummary {
  name: string;
  /** Entity ref of the group whose members may push; services may always push. */
  owner?: string;
  description: string;
  defaultBranch: string;
  /** Commit HEAD points at, or undefined for a repository nothing was pushed to yet. */
  headCommit?: string;
  /** Time of the HEAD commit. */
  updatedAt?: string;
}

export interface TreeEntry {
  name: string;
  path: string;
  type: 'blob' | 'tree' | 'commit';
  size?: number;
}

/** What a path inside a repository at a given ref turned out to be. */
export type ResolvedPath =
  | {
      kind: 'tree';
      ref: string;
      commit: string;
      path: string;
      entries: TreeEntry[];
    }
  | {
      kind: 'blob';
      ref: string;
      commit: string;
      path: string;
      sha: string;
      size: number;
    };

/**
 * The repositories on disk. The smart HTTP protocol itself is served by git's own
 * http-backend; everything else about repositories goes through here.
 */
export interface GitRepositories {
  /** Absolute directory of the bare repositories, for git http-backend. */
  readonly rootDirectory: string;
  create(options: {
    name: string;
    description?: string;
    defaultBranch?: string;
    owner?: string;
  }): Promise<RepositorySummary>;
  delete(name: string): Promise<void>;
  get(name: string): Promise<RepositorySummary>;
  list(): Promise<RepositorySummary[]>;
  /**
   * Splits `refAndPath` ("main/src/index.ts", "feature/x/README.md") into an existing ref and a
   * path inside it, preferring the longest ref that exists, and describes what is there.
   */
  resolve(name: string, refAndPath: string): Promise<ResolvedPath>;
  readBlob(name: string, sha: string): Promise<Buffer>;
  /** A blob's bytes as a stream, for files too large to hold in memory. */
  openBlob(name: string, sha: string): Promise<GitOutput>;
  /** Every file path below `path` (or the whole tree) at `commit`, recursively. */
  listFiles(name: string, commit: string, path: string): Promise<string[]>;
  /** A gzipped tarball of `path` (or the whole tree) at `commit`, entries prefixed `<name>/`. */
  archive(name: string, commit: string, path: string): Promise<GitOutput>;
}

/** Output of a running git command and how it ended. */
export interface GitOutput {
  stream: NodeJS.ReadableStream;
  /** Resolves when git exits successfully, rejects with git's error otherwise. */
  done: Promise<void>;
  abort(): void;
}
