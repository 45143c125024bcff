import { requires } from '../auth/field-permissions.ts';
import type { FathomBuilder } from '../schema/builder.ts';
import { addModelType } from '../schema/model-type.ts';
import { visibleChanges } from './change-log.ts';

/** The change log in GraphQL: `ObjectChange` and `objectChanges`, permission-filtered. */
export function addChangeLogTypes(builder: FathomBuilder): void {
  addModelType(builder, 'ObjectChange', {
    hide: ['userId'],
    descriptions: { action: 'create, update or delete', data: 'JSON of the object after the change (before it, for a delete).' },
  });
  builder.queryFields((t) => ({
    objectChanges: t.prismaField({
      type: ['ObjectChange'],
      extensions: requires('ObjectChange', 'view'),
      description: 'The change log, newest first: changes to objects of content types you may view (under a constrained permission, objects that exist and fall inside it).',
      args: { contentType: t.arg.string(), objectId: t.arg.id(), last: t.arg.int({ defaultValue: 50 }) },
      resolve: (query, _r, args, ctx) =>
        visibleChanges(ctx, { contentType: args.contentType, objectId: args.objectId == null ? null : String(args.objectId) }, Math.min(Math.max(args.last ?? 50, 1), 1000), query) as never,
    }),
  }));
}
