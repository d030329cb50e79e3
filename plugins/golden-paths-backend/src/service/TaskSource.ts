import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { z } from 'zod';

const taskSchema = z.object({
  id: z.string(),
  status: z.string(),
  createdAt: z.string(),
  lastHeartbeatAt: z.string().nullish(),
  createdBy: z.string().nullish(),
  spec: z
    .object({
      templateInfo: z.object({ entityRef: z.string() }).partial().nullish(),
    })
    .passthrough()
    .nullish(),
});

/** A scaffolder task, reduced to what usage statistics need. */
export type ScaffolderTask = z.infer<typeof taskSchema>;

const listSchema = z.object({
  tasks: z.array(taskSchema),
  totalTasks: z.number().optional(),
});
const eventsSchema = z.array(
  z.object({ type: z.string(), createdAt: z.string() }).passthrough(),
);

/** Where scaffolder tasks are read from: the scaffolder's own REST API. */
export interface TaskSource {
  /** Tasks, newest first. */
  listTasks(options: {
    limit: number;
    offset: number;
  }): Promise<ScaffolderTask[]>;
  getTask(id: string): Promise<ScaffolderTask | undefined>;
  /**
   * When the task's last event was written, i.e. when it finished, and whether someone cancelled
   * it (the scaffolder may still end a cancelled task as "failed").
   */
  finish(id: string): Promise<{ at?: string; cancelled: boolean }>;
}

/**
 * Reads the scaffolder through its REST API with this plugin's service credentials; the
 * scaffolder's tables are its own.
 */
export class ScaffolderApiTaskSource implements TaskSource {
  constructor(
    private readonly options: {
      discovery: DiscoveryService;
      auth: AuthService;
    },
  ) {}

  private async get(path: string): Promise<unknown | undefined> {
    const baseUrl = await this.options.discovery.getBaseUrl('scaffolder');
    const { token } = await this.options.auth.getPluginRequestToken({
      onBehalfOf: await this.options.auth.getOwnServiceCredentials(),
      targetPluginId: 'scaffolder',
    });
    const response = await fetch(`${baseUrl}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (response.status === 404) return undefined;
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return response.json();
  }

  async listTasks(options: {
    limit: number;
    offset: number;
  }): Promise<ScaffolderTask[]> {
    const body = await this.get(
      `/v2/tasks?order=desc:created_at&limit=${options.limit}&offset=${options.offset}`,
    );
    if (body === undefined) {
      throw new Error(
        'The scaffolder has no task list (404); is the scaffolder plugin installed?',
      );
    }
    return listSchema.parse(body).tasks;
  }

  async getTask(id: string): Promise<ScaffolderTask | undefined> {
    const body = await this.get(`/v2/tasks/${encodeURIComponent(id)}`);
    return body === undefined ? undefined : taskSchema.parse(body);
  }

  async finish(id: string): Promise<{ at?: string; cancelled: boolean }> {
    const body = await this.get(`/v2/tasks/${encodeURIComponent(id)}/events`);
    const events = eventsSchema.parse(body ?? []);
    return {
      at: events
        .map(e => e.createdAt)
        .sort()
        .pop(),
      cancelled: events.some(e => e.type === 'cancelled'),
    };
  }
}
