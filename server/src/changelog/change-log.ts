import type { CommittedChange, RequestContext } from '../context.ts';
import { delegateFor } from '../schema/model-spec.ts';
import { systemOf } from '../system.ts';

type Row = Record<string, unknown>;

/** Columns whose values stay out of the change log: credentials and where secrets live. */
const REDACTED: Readonly<Record<string, readonly string[]>> = {
  Secret: ['parameters'],
};
const SENSITIVE_NAME = /password|hash|token|secret|credential|private.?key/i;

/** A URL without any user name or password in it (`https://user:pw@host/x` → `https://host/x`). */
export function withoutCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/i, '$1');
}

/** What the change log keeps of a row: no credentials, no secrets' parameters, no hashes. */
export function changeData(model: string, record: Row): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(record)) {
    if (REDACTED[model]?.includes(key) || SENSITIVE_NAME.test(key)) continue;
    out[key] = typeof value === 'string' && /^[a-z][a-z0-9+.-]*:\/\/[^/]*@/i.test(value) ? withoutCredentials(value) : value;
  }
  return out;
}

/** The change record of one write, as the change log stores it (its `id` and `time` left to the insert). */
export function changeRecord(ctx: RequestContext, model: string, display: string, action: 'create' | 'update' | 'delete', record: Row): Row {
  return {
    userId: ctx.auth.user?.id ?? null,
    userName: ctx.auth.user?.username ?? '',
    requestId: ctx.requestId,
    action,
    contentType: ctx.auth.permissions.contentTypeOf(model) ?? model,
    objectId: String(record['id']),
    objectRepr: String(record[display] ?? record['id']),
    data: JSON.stringify(changeData(model, record)),
  };
}

/**
 * Append to the change log: who changed which object, how, and its columns afterwards (before, for a delete).
 * Written through `ctx.prisma`, so that inside the write's transaction it commits or rolls back with the change.
 * Returns the record, to be handed to `changes.committed` once the transaction has committed.
 */
export async function recordChange(ctx: RequestContext, model: string, display: string, action: 'create' | 'update' | 'delete', record: Row): Promise<CommittedChange> {
  return ctx.prisma.objectChange.create({ data: changeRecord(ctx, model, display, action, record) as Parameters<RequestContext['prisma']['objectChange']['create']>[0]['data'] });
}

/**
 * The change records a caller may read, newest first: only for content types they may view, and under a
 * constrained view permission only for objects that still exist and fall inside it (a deleted object's history
 * is for unconstrained viewers). Records are read in batches and filtered until `take` are found.
 */
/** What a read of the change log narrows to: one change, one object, a content type, an action, a user, changes before a time. */
export interface ChangeFilter {
  id?: string | null;
  contentType?: string | null;
  objectId?: string | null;
  action?: string | null;
  userName?: string | null;
  before?: Date | null;
}

export async function visibleChanges(ctx: RequestContext, filter: ChangeFilter, take: number, query: object = {}): Promise<Row[]> {
  const perms = ctx.auth.permissions;
  const whole: string[] = [];
  const partial = new Map<string, string>();
  for (const model of systemOf(ctx).modelNames) {
    const ct = perms.contentTypeOf(model);
    if (!ct || (filter.contentType && filter.contentType !== ct)) continue;
    const scope = perms.scope(model, 'view');
    if (scope.kind === 'all') whole.push(ct);
    else if (scope.kind === 'where') partial.set(ct, model);
  }
  const superuser = perms.superuser;
  const where = {
    ...(filter.id ? { id: filter.id } : {}),
    ...(filter.objectId ? { objectId: filter.objectId } : {}),
    ...(filter.action ? { action: filter.action } : {}),
    ...(filter.userName ? { userName: filter.userName } : {}),
    ...(filter.before ? { time: { lt: filter.before } } : {}),
    ...(superuser ? (filter.contentType ? { contentType: filter.contentType } : {}) : { contentType: { in: [...whole, ...partial.keys()] } }),
  };
  const out: Row[] = [];
  const batch = Math.max(take, 50);
  for (let skip = 0, round = 0; out.length < take && round < 10; skip += batch, round += 1) {
    const rows = (await ctx.prisma.objectChange.findMany({ ...query, where, orderBy: [{ time: 'desc' }, { id: 'desc' }], take: batch, skip })) as Row[];
    const visible = await visibleObjects(ctx, rows, partial);
    out.push(...rows.filter((r) => !partial.has(String(r['contentType'])) || visible.has(`${String(r['contentType'])}:${String(r['objectId'])}`)));
    if (rows.length < batch) break;
  }
  return out.slice(0, take);
}

/** `contentType:id` of the rows' objects that exist and that the caller may view, for constrained content types. */
async function visibleObjects(ctx: RequestContext, rows: readonly Row[], partial: ReadonlyMap<string, string>): Promise<Set<string>> {
  const ids = new Map<string, Set<string>>();
  for (const row of rows) {
    const ct = String(row['contentType']);
    if (partial.has(ct)) ids.set(ct, (ids.get(ct) ?? new Set()).add(String(row['objectId'])));
  }
  const visible = new Set<string>();
  for (const [ct, set] of ids) {
    const found = await delegateFor(ctx, partial.get(ct) ?? '').findMany({ where: { id: { in: [...set] } }, select: { id: true } });
    for (const f of found) visible.add(`${ct}:${String(f['id'])}`);
  }
  return visible;
}
