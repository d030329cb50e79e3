import { useApi } from '@backstage/frontend-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { goldenPathsApiRef } from '../api';

/**
 * Usage of every template, keyed by lowercased template ref, plus the load state. Failing to
 * load leaves `usage` empty and `error` set: callers show templates without numbers, not nothing.
 *
 * @public
 */
export function useTemplateUsage(options: { days?: number } = {}) {
  const api = useApi(goldenPathsApiRef);
  const state = useAsyncRetry(
    () => api.getUsage({ days: options.days }),
    [api, options.days],
  );
  const byRef = new Map(
    (state.value?.templates ?? []).map(
      t => [t.templateRef.toLowerCase(), t] as const,
    ),
  );
  return {
    loading: state.loading,
    error: state.error,
    response: state.value,
    usageOf: (templateRef: string) => byRef.get(templateRef.toLowerCase()),
    retry: state.retry,
  };
}
