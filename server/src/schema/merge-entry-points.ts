import type { RequestContext } from '../context.ts';
import { requires } from '../auth/field-permissions.ts';
import type { FathomBuilder } from './builder.ts';
import { delegateFor } from './model-spec.ts';
import { systemOf } from '../system.ts';

/** Name of the hidden batch lookup a subschema offers the gateway for merging one of its types. */
export function mergeFieldName(owner: string, model: string): string {
  return `_${owner}${model}ByIds`;
}

/**
 * Add a hidden `_<owner><Model>ByIds(ids)` root field per model: the gateway uses it to fetch the fields this
 * subschema contributes to a type, for a whole list of objects at once. Results follow the order of `ids`.
 * The ids come from parents the caller may view, so the objects are read as related objects are on the core
 * path (shown with their parent; lists below them narrowed). Clients cannot call these fields themselves.
 */
export function addMergeEntryPoints(builder: FathomBuilder, owner: string, models: Iterable<string>): void {
  for (const model of models) {
    builder.queryField(mergeFieldName(owner, model), (t) =>
      t.prismaField({
        type: [model] as never,
        nullable: { list: false, items: true },
        description: 'Batch lookup used by the gateway for type merging.',
        extensions: requires(model, 'view'),
        args: { ids: t.arg.idList({ required: true }) },
        resolve: async (query: object, _root: unknown, args: { ids: Array<string | number> }, ctx: RequestContext) => {
          const rows = await delegateFor({ ...ctx, prisma: systemOf(ctx).relatedPrisma() }, model).findMany({ ...query, where: { id: { in: args.ids.map(String) } } });
          const byId = new Map(rows.map((r) => [r['id'], r]));
          return args.ids.map((id) => byId.get(String(id)) ?? null) as never;
        },
      } as never),
    );
  }
}
