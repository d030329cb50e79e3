import { HttpAuthService, LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  TemplateUsageDetailResponse,
  TemplateUsageResponse,
} from '@paved/plugin-golden-paths-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { RunStore } from './database/RunStore';
import { computeAllUsage, computeUsage } from './service/usage';

const querySchema = z.object({
  days: z
    .string({ error: 'days must be given once, as a whole number' })
    .regex(/^\d+$/, 'days must be a whole number')
    .transform(Number)
    .pipe(
      z
        .number()
        .min(1, 'days must be at least 1')
        .max(365, 'days must be at most 365'),
    )
    .optional(),
});

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export async function createRouter(options: {
  store: RunStore;
  httpAuth: HttpAuthService;
  logger: LoggerService;
  defaultDays: number;
  /** Reads the scaffolder now instead of waiting for the schedule. */
  syncNow: () => Promise<{ added: number; updated: number }>;
}): Promise<express.Router> {
  const { store, httpAuth, defaultDays, syncNow } = options;
  const router = Router();

  const parseDays = (query: unknown) => {
    const parsed = querySchema.safeParse(query);
    if (!parsed.success) {
      throw new InputError(parsed.error.issues.map(i => i.message).join('; '));
    }
    return parsed.data.days ?? defaultDays;
  };

  router.get('/usage', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const days = parseDays(req.query);
    const [runs, state] = await Promise.all([
      store.listRuns(),
      store.syncState(),
    ]);
    const body: TemplateUsageResponse = {
      templates: computeAllUsage(runs, { days, now: new Date() }),
      syncedAt: state.syncedAt,
      syncError: state.error,
      days,
    };
    res.json(body);
  });

  router.get('/usage/:namespace/:name', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const { namespace, name } = req.params;
    if (!NAME.test(namespace) || !NAME.test(name)) {
      throw new InputError('namespace and name must be entity name parts');
    }
    const days = parseDays(req.query);
    const templateRef = `template:${namespace}/${name}`.toLowerCase();
    const runs = (await store.listRuns()).filter(
      r => r.templateRef.toLowerCase() === templateRef,
    );
    const body: TemplateUsageDetailResponse = {
      ...computeUsage(templateRef, runs, { days, now: new Date() }),
      recentRuns: runs.slice(0, 20),
    };
    res.json(body);
  });

  router.post('/sync', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(await syncNow());
  });

  return router;
}
