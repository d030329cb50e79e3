import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  TemplateUsageDetailResponse,
  TemplateUsageResponse,
} from '@paved/plugin-golden-paths-common';

/**
 * Template usage from the golden-paths backend.
 *
 * @public
 */
export interface GoldenPathsApi {
  getUsage(options?: { days?: number }): Promise<TemplateUsageResponse>;
  getTemplateUsage(
    templateRef: string,
    options?: { days?: number },
  ): Promise<TemplateUsageDetailResponse>;
  /** Reads the scaffolder now rather than at the next scheduled sync. */
  sync(): Promise<{ added: number; updated: number }>;
}

/** @public */
export const goldenPathsApiRef = createApiRef<GoldenPathsApi>({
  id: 'plugin.golden-paths.api',
});
