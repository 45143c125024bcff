import { AUTHENTICATED, requires } from '../auth/field-permissions.ts';
import { syncRepository, type GitDataTypes } from '../git/sync.ts';
import type { FathomBuilder } from './builder.ts';
import { addModelApi } from './crud.ts';

/** Git repositories and the data types plugins let them provide; `syncGitRepository` pulls and processes. */
export function addGitTypes(builder: FathomBuilder, types: GitDataTypes, stateDir: string): void {
  builder.prismaObject('GitRepository', {
    fields: (t) => ({
      id: t.exposeID('id'),
      name: t.exposeString('name'),
      remoteUrl: t.exposeString('remoteUrl'),
      branch: t.exposeString('branch'),
      providedContents: t.exposeString('providedContents', { description: 'Comma-separated Git data type slugs.' }),
      currentHead: t.exposeString('currentHead'),
      lastSynced: t.expose('lastSynced', { type: 'DateTime', nullable: true }),
      syncStatus: t.exposeString('syncStatus', { description: 'never, completed or failed' }),
      syncLog: t.exposeString('syncLog'),
      created: t.expose('created', { type: 'DateTime' }),
      lastUpdated: t.expose('lastUpdated', { type: 'DateTime' }),
    }),
  });
  addModelApi(builder, {
    model: 'GitRepository',
    singular: 'gitRepository',
    plural: 'gitRepositories',
    label: 'Git repository',
    labelPlural: 'Git repositories',
    delegate: (ctx) => ctx.prisma.gitRepository,
    fields: {
      name: { kind: 'string', required: true, maxLength: 100 },
      remoteUrl: { kind: 'string', required: true, description: 'Anything `git clone` accepts: https://…, ssh://…, or a path on the server.' },
      branch: { kind: 'string', maxLength: 200 },
      providedContents: { kind: 'string', description: `Comma-separated data types: ${[...types.keys()].join(', ') || 'none available'}.` },
    },
    unique: [['name']],
    search: ['name', 'remoteUrl'],
    orderFields: ['name', 'lastSynced', 'created', 'lastUpdated'],
    defaultOrder: [{ name: 'asc' }],
    listFields: ['syncStatus'],
    prepare: (data) => {
      if (typeof data['providedContents'] !== 'string') return [];
      const slugs = data['providedContents'].split(',').map((s) => s.trim()).filter(Boolean);
      const unknown = slugs.filter((s) => !types.has(s));
      if (unknown.length > 0) return [{ field: 'providedContents', code: 'INVALID_CHOICE', message: `Unknown Git data type ${unknown.join(', ')}.` }];
      data['providedContents'] = slugs.join(',');
      return [];
    },
  });

  const typeRef = builder.objectRef<{ slug: string; label: string; plugin: string }>('GitDataTypeInfo').implement({
    fields: (t) => ({ slug: t.exposeString('slug'), label: t.exposeString('label'), plugin: t.exposeString('plugin') }),
  });
  const result = builder.objectRef<{ ok: boolean; log: string[]; id: string }>('GitSyncResult').implement({
    fields: (t) => ({
      ok: t.exposeBoolean('ok'),
      log: t.exposeStringList('log'),
      repository: t.prismaField({ type: 'GitRepository', nullable: true, resolve: (query, r, _a, ctx) => ctx.prisma.gitRepository.findUnique({ ...query, where: { id: r.id } }) }),
    }),
  });
  builder.queryField('gitDataTypes', (t) =>
    t.field({ type: [typeRef], extensions: AUTHENTICATED, resolve: () => [...types.values()].map((e) => ({ slug: e.type.slug, label: e.type.label, plugin: e.plugin })) }),
  );
  builder.mutationField('syncGitRepository', (t) =>
    t.field({
      type: result,
      extensions: requires('GitRepository', 'change'),
      description: 'Pull the repository and run every provided data type’s processing, as the caller.',
      args: { id: t.arg.id({ required: true }) },
      resolve: async (_r, { id }, ctx) => ({ ...(await syncRepository(ctx, types, stateDir, String(id))), id: String(id) }),
    }),
  );
}
