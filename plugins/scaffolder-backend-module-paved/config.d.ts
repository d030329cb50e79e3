export interface Config {
  scaffolder?: {
    /** Paved's scaffolder actions (`paved:validate`, `paved:publish`). */
    paved?: {
      publish?: {
        /**
         * Where `paved:publish` pushes new repositories: `local` (the git plugin's bare
         * repositories, the default) or `github` (through the standard GitHub integration).
         */
        target?: 'local' | 'github';
        /** Branch pushed and checked out by `git clone`. Defaults to `main`. */
        defaultBranch?: string;
        /**
         * How long to wait for the catalog to show the new component before the publish counts
         * as failed and is undone, in seconds. Defaults to 60.
         */
        registrationTimeoutSeconds?: number;
        /** Settings for `target: github`; credentials come from `integrations.github`. */
        github?: {
          /** GitHub host, as configured under `integrations.github`. Defaults to `github.com`. */
          host?: string;
          /** Organisation or user that owns the new repositories. */
          owner: string;
          /** Visibility of new repositories. Defaults to `private`. */
          visibility?: 'private' | 'internal' | 'public';
        };
      };
    };
  };
}
