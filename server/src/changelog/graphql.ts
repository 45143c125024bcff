import { GraphQLError } from 'graphql';
import { Repeater } from 'graphql-yoga';
import { requires } from '../auth/field-permissions.ts';
import type { CommittedChange, RequestContext } from '../context.ts';
import type { FathomBuilder } from '../schema/builder.ts';
import { addModelType } from '../schema/model-type.ts';
import { systemOf } from '../system.ts';
import { visibleChanges } from './change-log.ts';
import { changeVisibleTo } from './feed.ts';

/** Changes one reconnect catches up at most; a client further behind reads the rest from `objectChanges`. */
const MAX_REPLAY = 1000;

interface FeedArgs {
  contentTypes?: readonly string[] | null;
  actions?: readonly string[] | null;
  after?: string | number | null;
}

/**
 * The changes a subscriber sees: first those committed after `after` (from the change log), then each new one as
 * it commits, every one filtered by the arguments and by what the subscriber may view. Changes that arrive while
 * the missed ones are read wait, and none is sent twice.
 */
function changeStream(ctx: RequestContext, args: FeedArgs): Repeater<CommittedChange> {
  const wanted = (c: Pick<CommittedChange, 'contentType' | 'action'>) =>
    (!args.contentTypes || args.contentTypes.includes(c.contentType)) && (!args.actions || args.actions.includes(c.action));
  return new Repeater<CommittedChange>(async (push, stop) => {
    const live: CommittedChange[] = [];
    let replaying = true;
    const sent = new Set<string>();
    const send = async (change: CommittedChange) => {
      if (sent.has(change.id) || !wanted(change) || !(await changeVisibleTo(ctx, change))) return;
      sent.add(change.id);
      await push(change);
    };
    // A client that goes away ends its stream at once, not at the next keep-alive write.
    const request = (ctx as RequestContext & { request?: Request }).request;
    request?.signal.addEventListener('abort', () => stop(), { once: true });
    const unlisten = systemOf(ctx).feed.listen((change) => {
      if (replaying) live.push(change);
      else void send(change).catch(() => stop());
    });
    try {
      // Heard from here on; what the change log holds is read after, so nothing falls between the two.
      await systemOf(ctx).feed.listening();
      if (args.after != null) {
        const last = await ctx.prisma.objectChange.findUnique({ where: { id: String(args.after) }, select: { id: true, time: true } });
        if (!last) throw new GraphQLError(`No change with id "${String(args.after)}" in the change log: read what you missed from objectChanges.`, { extensions: { code: 'NOT_FOUND' } });
        const missed = await ctx.prisma.objectChange.findMany({
          where: {
            OR: [{ time: { gt: last.time } }, { time: last.time, id: { gt: last.id } }],
            ...(args.contentTypes ? { contentType: { in: [...args.contentTypes] } } : {}),
            ...(args.actions ? { action: { in: [...args.actions] } } : {}),
          },
          orderBy: [{ time: 'asc' }, { id: 'asc' }],
          take: MAX_REPLAY,
        });
        for (const change of missed) await send(change);
      }
      while (live.length > 0) await send(live.shift() as CommittedChange);
      replaying = false;
    } catch (error) {
      stop(error);
    }
    await stop;
    unlisten();
  });
}

/** The change log in GraphQL: `ObjectChange` and `objectChanges`, permission-filtered. */
export function addChangeLogTypes(builder: FathomBuilder): void {
  addModelType(builder, 'ObjectChange', {
    hide: ['userId'],
    descriptions: { action: 'create, update or delete', data: 'JSON of the object after the change (before it, for a delete).' },
  });
  builder.subscriptionType({ description: 'Events, over server-sent events (GraphQL over SSE).' });
  builder.subscriptionField('objectChanged', (t) =>
    t.field({
      type: 'ObjectChange' as never,
      extensions: requires('ObjectChange', 'view'),
      description:
        'Changes as they commit, over server-sent events: those of content types you may view (under a constrained permission, objects that exist and fall inside it). Reconnect with `after` set to the last change id you saw to receive what you missed first.',
      args: {
        contentTypes: t.arg.stringList({ description: 'Only these content types, e.g. ["dcim.device"].' }),
        actions: t.arg.stringList({ description: 'Only these actions: create, update, delete.' }),
        after: t.arg.id({ description: 'The id of the last change you received.' }),
      },
      subscribe: (_root, args, ctx) => changeStream(ctx, args),
      resolve: (change) => change as never,
    }),
  );
  builder.queryFields((t) => ({
    objectChanges: t.prismaField({
      type: ['ObjectChange'],
      extensions: requires('ObjectChange', 'view'),
      description: 'The change log, newest first: changes to objects of content types you may view (under a constrained permission, objects that exist and fall inside it).',
      args: {
        contentType: t.arg.string(),
        objectId: t.arg.id(),
        action: t.arg.string({ description: 'create, update or delete' }),
        userName: t.arg.string({ description: 'Changes this user made.' }),
        before: t.arg({ type: 'DateTime', description: 'Changes older than this time: pass the last one you have to read further back.' }),
        last: t.arg.int({ defaultValue: 50 }),
      },
      resolve: (query, _r, args, ctx) =>
        visibleChanges(
          ctx,
          { contentType: args.contentType, objectId: args.objectId == null ? null : String(args.objectId), action: args.action, userName: args.userName, before: args.before ?? null },
          Math.min(Math.max(args.last ?? 50, 1), 1000),
          query,
        ) as never,
    }),
    objectChange: t.prismaField({
      type: 'ObjectChange',
      nullable: true,
      extensions: requires('ObjectChange', 'view'),
      description: 'One change, if you may view it (the rule of `objectChanges`).',
      args: { id: t.arg.id({ required: true }) },
      resolve: async (query, _r, args, ctx) => ((await visibleChanges(ctx, { id: String(args.id) }, 1, query))[0] ?? null) as never,
    }),
  }));
  // The object before and after a change: a change keeps the object as it left it, so "before" is the previous
  // change's record of the same object (one statement per change: meant for a change's own page).
  const states = { contentType: true, objectId: true, time: true, action: true, data: true, id: true } as const;
  builder.prismaObjectField('ObjectChange', 'before', (t) =>
    t.string({
      nullable: true,
      select: states,
      description: 'JSON of the object before the change: null for a create, or for an update whose previous state was not recorded.',
      resolve: async (c, _a, ctx) => {
        if (c.action === 'create') return null;
        if (c.action === 'delete') return c.data;
        const previous = await ctx.prisma.objectChange.findFirst({
          where: { contentType: c.contentType, objectId: c.objectId, OR: [{ time: { lt: c.time } }, { time: c.time, id: { lt: c.id } }] },
          orderBy: [{ time: 'desc' }, { id: 'desc' }],
          select: { data: true },
        });
        return previous?.data ?? null;
      },
    }),
  );
  builder.prismaObjectField('ObjectChange', 'after', (t) =>
    t.string({ nullable: true, select: states, description: 'JSON of the object after the change: null for a delete.', resolve: (c) => (c.action === 'delete' ? null : c.data) }),
  );
}
