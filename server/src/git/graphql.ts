import { AUTHENTICATED, requires } from '../auth/field-permissions.ts';
import { remoteProblem, type GitPolicy } from './remote.ts';
import type { GitDataTypes } from './sync.ts';
import { CORE_JOBS } from '../jobs/execute.ts';
import { fieldErrorRef, type FathomBuilder, type FieldError } from '../schema/builder.ts';
import { addModelApi } from '../schema/crud.ts';
import { systemOf } from '../system.ts';

/** Git repositories and the data types plugins let them provide; `syncGitRepository` pulls and processes. */
export function addGitTypes(builder: FathomBuilder, types: GitDataTypes, policy: GitPolicy): void {
  addModelApi(builder, {
    model: 'GitRepository',
    label: 'Git repository',
    labelPlural: 'Git repositories',
    type: { descriptions: { providedContents: 'Comma-separated Git data type slugs.', syncStatus: 'never, queued, completed or failed' } },
    fields: {
      name: { kind: 'string', required: true, maxLength: 100 },
      remoteUrl: { kind: 'string', required: true, maxLength: 2000, description: 'The remote: https:// or ssh:// (the server’s git.allowedSchemes and git.allowLocalRemotes decide). No credentials in the URL.' },
      branch: { kind: 'string', maxLength: 200 },
      providedContents: { kind: 'string', description: `Comma-separated data types: ${[...types.keys()].join(', ') || 'none available'}.` },
    },
    unique: [['name']],
    search: ['name', 'remoteUrl'],
    orderFields: ['name', 'lastSynced', 'created', 'lastUpdated'],
    defaultOrder: [{ name: 'asc' }],
    listFields: ['syncStatus'],
    prepare: (data) => {
      const errors: FieldError[] = [];
      const problem = typeof data['remoteUrl'] === 'string' ? remoteProblem(data['remoteUrl'], policy) : null;
      if (problem) errors.push({ field: 'remoteUrl', code: 'INVALID', message: problem });
      if (typeof data['providedContents'] !== 'string') return errors;
      const slugs = data['providedContents'].split(',').map((s) => s.trim()).filter(Boolean);
      const unknown = slugs.filter((s) => !types.has(s));
      if (unknown.length > 0) errors.push({ field: 'providedContents', code: 'INVALID_CHOICE', message: `Unknown Git data type ${unknown.join(', ')}.` });
      data['providedContents'] = slugs.join(',');
      return errors;
    },
  });

  const typeRef = builder.objectRef<{ slug: string; label: string; plugin: string }>('GitDataTypeInfo').implement({
    fields: (t) => ({ slug: t.exposeString('slug'), label: t.exposeString('label'), plugin: t.exposeString('plugin') }),
  });
  const result = builder.objectRef<{ record: Record<string, unknown> | null; errors: FieldError[] }>('SyncGitRepositoryPayload').implement({
    fields: (t) => ({
      jobResult: t.field({ type: 'JobResult' as never, nullable: true, description: 'The sync job; follow it with `jobResult(id)`.', resolve: (p) => p.record as never }),
      errors: t.field({ type: [fieldErrorRef(builder)], resolve: (p) => p.errors }),
    }),
  });
  builder.queryField('gitDataTypes', (t) =>
    t.field({ type: [typeRef], extensions: AUTHENTICATED, resolve: () => [...types.values()].map((e) => ({ slug: e.value.slug, label: e.value.label, plugin: e.plugin.name })) }),
  );
  builder.mutationField('syncGitRepository', (t) =>
    t.field({
      type: result,
      extensions: requires('GitRepository', 'change'),
      description: 'Queue a job that pulls the repository and runs every provided data type’s processing, as the caller.',
      args: { id: t.arg.id({ required: true }) },
      resolve: async (_r, { id }, ctx) => {
        const repo = await ctx.prisma.gitRepository.findUnique({ where: { id: String(id) }, select: { id: true } });
        if (!repo) return { record: null, errors: [{ field: 'id', code: 'NOT_FOUND', message: 'Git repository not found.' }] };
        const record = await systemOf(ctx).rootPrisma.jobResult.create({
          data: { plugin: CORE_JOBS, job: 'git-sync', input: JSON.stringify({ repositoryId: repo.id }), userId: ctx.auth.user?.id ?? null, userName: ctx.auth.user?.username ?? '' },
        });
        await systemOf(ctx).rootPrisma.gitRepository.update({ where: { id: repo.id }, data: { syncStatus: 'queued' } });
        await systemOf(ctx).jobs.enqueue(record.id);
        return { record, errors: [] };
      },
    }),
  );
}
