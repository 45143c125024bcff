import { AUTHENTICATED, requires } from '../auth/field-permissions.ts';
import type { SecretsProvider } from '../plugins/definition.ts';
import { checkParameters, secretValue, type SecretsPolicy, type SecretsProviders } from './providers.ts';
import type { FathomBuilder } from '../schema/builder.ts';
import { addModelApi } from '../schema/crud.ts';


/** Secrets: stored as a provider and its parameters; values are resolved on use and never returned to clients. */
export function addSecretTypes(builder: FathomBuilder, providers: SecretsProviders, policy: SecretsPolicy): void {
  addModelApi(builder, {
    model: 'Secret',
    type: { descriptions: { parameters: 'JSON object of the provider’s parameters (never the value).' } },
    fields: {
      name: { kind: 'string', required: true, maxLength: 100 },
      description: { kind: 'string', maxLength: 200 },
      provider: { kind: 'string', required: true, choices: [...providers.keys()] },
      parameters: { kind: 'string', description: 'JSON object, e.g. {"variable": "NAPALM_PASSWORD"}.' },
    },
    unique: [['name']],
    filters: { provider: { type: '[String!]', where: (v: string[]) => ({ provider: { in: v } }) } },
    search: ['name', 'description'],
    orderFields: ['name', 'created', 'lastUpdated'],
    defaultOrder: [{ name: 'asc' }],
    prepare: (data, _ctx, existing) => {
      const slug = String(data['provider'] ?? existing?.['provider'] ?? '');
      const raw = String(data['parameters'] ?? existing?.['parameters'] ?? '{}');
      const { parameters, problem } = checkParameters(providers.get(slug)?.provider, raw, policy);
      if (problem) return [{ field: 'parameters', code: 'INVALID', message: problem }];
      data['parameters'] = JSON.stringify(parameters);
      return [];
    },
  });

  const parameter = builder.objectRef<{ name: string; label: string; required: boolean; description: string | null }>('SecretsProviderParameter').implement({
    fields: (t) => ({ name: t.exposeString('name'), label: t.exposeString('label'), required: t.exposeBoolean('required'), description: t.exposeString('description', { nullable: true }) }),
  });
  const provider = builder.objectRef<{ plugin: string | null; provider: SecretsProvider }>('SecretsProviderInfo').implement({
    fields: (t) => ({
      slug: t.string({ resolve: (p) => p.provider.slug }),
      label: t.string({ resolve: (p) => p.provider.label }),
      plugin: t.string({ nullable: true, resolve: (p) => p.plugin }),
      parameters: t.field({
        type: [parameter],
        resolve: (p) => Object.entries(p.provider.parameters).map(([name, q]) => ({ name, label: q.label, required: q.required ?? false, description: q.description ?? null })),
      }),
    }),
  });
  const check = builder.objectRef<{ ok: boolean; message: string }>('SecretCheck').implement({
    fields: (t) => ({ ok: t.exposeBoolean('ok'), message: t.exposeString('message') }),
  });
  builder.queryField('secretsProviders', (t) => t.field({ type: [provider], extensions: AUTHENTICATED, resolve: () => [...providers.values()] }));
  builder.queryField('checkSecret', (t) =>
    t.field({
      type: check,
      extensions: requires('Secret', 'view'),
      description: 'Whether the secret’s value can be retrieved now; the value itself is never returned.',
      args: { name: t.arg.string({ required: true }) },
      resolve: async (_r, { name }, ctx) => {
        try {
          await secretValue(ctx.prisma, providers, policy, ctx.log, name);
          return { ok: true, message: 'A value was retrieved.' };
        } catch (error) {
          return { ok: false, message: (error as Error).message };
        }
      },
    }),
  );
}
