import { Background, CachedRules, contentTypeLabels } from '../cache/background.ts';
import type { Epoch } from '../cache/epoch.ts';
import type { CommittedChange, PrismaClient } from '../context.ts';
import type { FieldError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { JobDefinition } from '../plugins/definition.ts';
import type { Contribution } from '../plugins/registry.ts';
import type { FathomBuilder } from '../schema/builder.ts';
import { addModelApi } from '../schema/crud.ts';
import { CHANGE_ACTION_FIELDS } from '../schema/common.ts';
import type { ChangeListener } from '../system.ts';
import { findJob } from './execute.ts';
import type { JobQueue } from './queue.ts';

interface ActiveHook {
  id: string;
  name: string;
  contentTypes: readonly string[];
  typeCreate: boolean;
  typeUpdate: boolean;
  typeDelete: boolean;
  plugin: string;
  job: string;
}

/**
 * Job hooks: when an object of a content type the hook names is created, updated or deleted (through the API), the
 * hook's job starts as the user who made the change, with the change as `input.change`. The job is checked against
 * that user's permissions when it runs, as every job is.
 */
export class JobHookRunner implements ChangeListener {
  private readonly hooks: CachedRules<ActiveHook>;
  private readonly pending = new Background();
  private readonly anyHookable: boolean;

  constructor(
    private readonly prisma: PrismaClient,
    epoch: Epoch | null,
    private readonly jobs: ReadonlyArray<Contribution<JobDefinition>>,
    private readonly queue: JobQueue,
    private readonly log: Logger,
    cacheSeconds: number,
  ) {
    this.anyHookable = jobs.some((j) => j.value.hooks);
    this.hooks = new CachedRules(epoch, cacheSeconds, async () =>
      (await prisma.jobHook.findMany({ where: { enabled: true }, include: { contentTypes: { select: { appLabel: true, model: true } } } })).map((h) => ({ ...h, contentTypes: contentTypeLabels(h.contentTypes) })),
    );
  }

  committed(changes: readonly CommittedChange[], rulesEpoch?: Promise<number>): void {
    this.pending.run(() => this.start(changes, rulesEpoch).catch((error: unknown) => this.log.error({ err: error }, 'starting job hooks failed')));
  }

  /** Resolves once the hooks of every change handed over so far have started their jobs. */
  idle(): Promise<void> {
    return this.pending.idle();
  }

  private async start(changes: readonly CommittedChange[], rulesEpoch?: Promise<number>): Promise<void> {
    // Most installations have no job that takes hooks: then no change costs a statement here.
    if (!this.anyHookable) return;
    const hooks = await this.hooks.current(rulesEpoch);
    for (const change of changes) {
      if (!change.userId) continue;
      const wants = (h: ActiveHook) => (change.action === 'create' ? h.typeCreate : change.action === 'update' ? h.typeUpdate : h.typeDelete);
      for (const hook of hooks.filter((h) => h.contentTypes.includes(change.contentType) && wants(h))) {
        const job = findJob(this.jobs, hook.plugin, hook.job);
        if (!job?.value.hooks) continue;
        const input = { change: { id: change.id, action: change.action, contentType: change.contentType, objectId: change.objectId, objectRepr: change.objectRepr, requestId: change.requestId, data: JSON.parse(change.data) as unknown }, hook: hook.name };
        const record = await this.prisma.jobResult.create({ data: { plugin: hook.plugin, job: hook.job, input: JSON.stringify(input), userId: change.userId, userName: change.userName } });
        await this.queue.enqueue(record.id);
      }
    }
  }
}

/** The standard API of job hooks; a hook names a job that declares `hooks: true`. */
export function addJobHookTypes(builder: FathomBuilder, jobs: ReadonlyArray<Contribution<JobDefinition>>): void {
  addModelApi(builder, {
    model: 'JobHook',
    label: 'Job hook',
    type: { relations: { contentTypes: {} } },
    fields: {
      name: { kind: 'string', required: true, maxLength: 100 },
      contentTypes: { kind: 'contentTypes', description: 'The content types whose changes start the job, e.g. dcim.device.' },
      ...CHANGE_ACTION_FIELDS,
      plugin: { kind: 'string', required: true, maxLength: 100, description: 'The plugin whose job it runs.' },
      job: { kind: 'string', required: true, maxLength: 100, description: 'The job, which must declare `hooks: true`.' },
      enabled: { kind: 'boolean' },
    },
    unique: [['name']],
    search: ['name', 'job'],
    orderFields: ['name', 'created', 'lastUpdated'],
    defaultOrder: [{ name: 'asc' }],
    prepare: (data, _ctx, existing) => {
      const errors: FieldError[] = [];
      const plugin = String(data['plugin'] ?? existing?.['plugin'] ?? '');
      const name = String(data['job'] ?? existing?.['job'] ?? '');
      const job = findJob(jobs, plugin, name);
      if (!job) errors.push({ field: 'job', code: 'NOT_FOUND', message: `No job ${plugin}/${name}.` });
      else if (!job.value.hooks) errors.push({ field: 'job', code: 'INVALID', message: `Job ${plugin}/${name} does not take job hooks (it declares no \`hooks: true\`).` });
      return errors;
    },
  });
}
