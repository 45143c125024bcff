import { AUTHENTICATED, requires } from '../auth/field-permissions.ts';
import type { RequestContext } from '../context.ts';
import type { JobDefinition, JobInputField } from '../plugins/definition.ts';
import type { Contribution } from '../plugins/registry.ts';
import { fieldErrorRef, type FathomBuilder, type FieldError } from '../schema/builder.ts';
import { systemOf } from '../system.ts';

/** Check a job's input against its fields; defaults fill what is left out. */
export function readJobInput(job: JobDefinition, raw: unknown): { input: Record<string, unknown>; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const input: Record<string, unknown> = {};
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { input, errors: [{ field: '', code: 'INVALID', message: 'Input must be a JSON object.' }] };
  const given = raw as Record<string, unknown>;
  const fields = job.input ?? {};
  for (const key of Object.keys(given)) if (!(key in fields)) errors.push({ field: key, code: 'UNKNOWN', message: `This job has no input "${key}".` });
  for (const [name, field] of Object.entries(fields)) {
    const value = given[name] ?? field.default;
    if (value === undefined || value === null || value === '') {
      if (field.required) errors.push({ field: name, code: 'REQUIRED', message: 'This field is required.' });
      continue;
    }
    if (field.kind === 'int' && !Number.isInteger(typeof value === 'string' ? Number(value) : value)) errors.push({ field: name, code: 'INVALID', message: 'Enter a whole number.' });
    else if (field.kind === 'boolean' && typeof value !== 'boolean') errors.push({ field: name, code: 'INVALID', message: 'Enter true or false.' });
    else if (field.kind === 'choice' && !(field.choices ?? []).includes(String(value))) errors.push({ field: name, code: 'INVALID_CHOICE', message: `Choose one of ${(field.choices ?? []).join(', ')}.` });
    else input[name] = field.kind === 'int' ? Number(value) : field.kind === 'string' || field.kind === 'choice' ? String(value) : value;
  }
  return { input, errors };
}

/** Whether the caller may start the job: `add` on job results and the job's own permissions. */
export function canRun(ctx: RequestContext, job: JobDefinition): boolean {
  return ctx.auth.permissions.can('JobResult', 'add') && (!job.permissions || ctx.auth.permissions.hasAll(job.permissions));
}

/** Plugin jobs: what can be run (`jobs`), starting one (`runJob`), and results with their logs. */
export function addJobTypes(builder: FathomBuilder, jobs: ReadonlyArray<Contribution<JobDefinition>>): void {
  const all = () => jobs.map((c) => ({ plugin: c.plugin.name, job: c.value }));
  const field = builder.objectRef<{ name: string; field: JobInputField }>('JobField').implement({
    fields: (t) => ({
      name: t.string({ resolve: (f) => f.name }),
      kind: t.string({ resolve: (f) => f.field.kind }),
      label: t.string({ resolve: (f) => f.field.label ?? f.name }),
      description: t.string({ nullable: true, resolve: (f) => f.field.description ?? null }),
      required: t.boolean({ resolve: (f) => f.field.required ?? false }),
      default: t.string({ nullable: true, description: 'JSON', resolve: (f) => (f.field.default === undefined ? null : JSON.stringify(f.field.default)) }),
      choices: t.stringList({ nullable: true, resolve: (f) => (f.field.choices ? [...f.field.choices] : null) }),
    }),
  });
  const info = builder.objectRef<{ plugin: string; job: JobDefinition }>('JobInfo').implement({
    fields: (t) => ({
      plugin: t.string({ resolve: (j) => j.plugin }),
      name: t.string({ resolve: (j) => j.job.name }),
      label: t.string({ resolve: (j) => j.job.label }),
      description: t.string({ nullable: true, resolve: (j) => j.job.description ?? null }),
      fields: t.field({ type: [field], resolve: (j) => Object.entries(j.job.input ?? {}).map(([name, f]) => ({ name, field: f })) }),
      allowed: t.boolean({ description: 'Whether the caller may run it.', resolve: (j, _a, ctx) => canRun(ctx, j.job) }),
      buttons: t.stringList({ description: 'Models whose detail pages run it on the object (its id as the objectId input).', resolve: (j) => [...(j.job.buttons ?? [])] }),
    }),
  });
  builder.prismaObject('JobLog', {
    fields: (t) => ({ id: t.exposeID('id'), time: t.expose('time', { type: 'DateTime' }), level: t.exposeString('level'), message: t.exposeString('message') }),
  });
  builder.prismaObject('JobResult', {
    fields: (t) => ({
      id: t.exposeID('id'),
      plugin: t.exposeString('plugin'),
      job: t.exposeString('job'),
      status: t.exposeString('status', { description: 'pending, running, completed or failed' }),
      input: t.exposeString('input', { description: 'JSON' }),
      result: t.exposeString('result', { description: 'JSON, once completed' }),
      error: t.exposeString('error'),
      userName: t.exposeString('userName'),
      created: t.expose('created', { type: 'DateTime' }),
      started: t.expose('started', { type: 'DateTime', nullable: true }),
      finished: t.expose('finished', { type: 'DateTime', nullable: true }),
      logs: t.relation('logs', { query: { orderBy: [{ time: 'asc' }, { id: 'asc' }] } }),
    }),
  });
  const payload = builder.objectRef<{ record: Record<string, unknown> | null; errors: FieldError[] }>('RunJobPayload').implement({
    fields: (t) => ({
      jobResult: t.field({ type: 'JobResult' as never, nullable: true, resolve: (p) => p.record as never }),
      errors: t.field({ type: [fieldErrorRef(builder)], resolve: (p) => p.errors }),
    }),
  });

  builder.queryFields((t) => ({
    jobs: t.field({ type: [info], extensions: AUTHENTICATED, description: 'Jobs the enabled plugins provide.', resolve: () => all() }),
    jobResult: t.prismaField({
      type: 'JobResult',
      nullable: true,
      extensions: AUTHENTICATED,
      description: 'A job result: your own, or one a permission on extras.jobresult lets you view.',
      args: { id: t.arg.id({ required: true }) },
      resolve: (query, _r, { id }, ctx) => ctx.prisma.jobResult.findUnique({ ...query, where: { id: String(id) } }),
    }),
    jobResults: t.prismaField({
      type: ['JobResult'],
      extensions: AUTHENTICATED,
      description: 'Recent job results: your own, and those a permission on extras.jobresult lets you view.',
      args: { last: t.arg.int({ defaultValue: 50 }) },
      resolve: (query, _r, args, ctx) => ctx.prisma.jobResult.findMany({ ...query, orderBy: [{ created: 'desc' }, { id: 'desc' }], take: Math.min(Math.max(args.last ?? 50, 1), 500) }),
    }),
  }));

  builder.mutationField('runJob', (t) =>
    t.field({
      type: payload,
      extensions: requires('JobResult', 'add'),
      description: 'Start a job as the caller. It runs in the background; follow it with `jobResult(id)`.',
      args: { plugin: t.arg.string({ required: true }), job: t.arg.string({ required: true }), input: t.arg.string({ defaultValue: '{}', description: 'JSON object' }) },
      resolve: async (_r, args, ctx) => {
        const found = all().find((j) => j.plugin === args.plugin && j.job.name === args.job);
        if (!found) return { record: null, errors: [{ field: 'job', code: 'NOT_FOUND', message: `No job ${args.plugin}/${args.job}.` }] };
        if (!canRun(ctx, found.job)) return { record: null, errors: [{ field: 'job', code: 'FORBIDDEN', message: 'You may not run this job.' }] };
        let raw: unknown;
        try {
          raw = JSON.parse(args.input ?? '{}');
        } catch {
          return { record: null, errors: [{ field: 'input', code: 'INVALID', message: 'Input must be JSON.' }] };
        }
        const { input, errors } = readJobInput(found.job, raw);
        if (errors.length > 0) return { record: null, errors };
        const record = await systemOf(ctx).rootPrisma.jobResult.create({
          data: { plugin: found.plugin, job: found.job.name, input: JSON.stringify(input), userId: ctx.auth.user?.id ?? null, userName: ctx.auth.user?.username ?? '' },
        });
        await systemOf(ctx).jobs.enqueue(record.id);
        return { record, errors: [] };
      },
    }),
  );
}
