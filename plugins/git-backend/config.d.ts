export interface Config {
  /** Local git hosting: bare repositories served over git's smart HTTP protocol. */
  git?: {
    storage?: {
      /**
       * Directory holding one bare repository per `<name>.git`. Created when missing.
       * Relative paths resolve against the backend's working directory.
       * Defaults to `.data/git` in the backend's working directory.
       */
      directory?: string;
    };
    /**
     * Branch that new repositories point HEAD at, so that `git clone` checks it out.
     * Defaults to `main`.
     */
    defaultBranch?: string;
    /** Largest push a repository accepts, in MiB. Defaults to 100. */
    maxPushSizeMb?: number;
  };
}
