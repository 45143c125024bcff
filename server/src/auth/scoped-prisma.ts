import type { PothosPrismaDatamodel } from '@pothos/plugin-prisma';
import type { PrismaClient } from '../db/client.ts';
import { forbidden, type Action, type PermissionSet, type Where } from './permissions.ts';

const READS = new Set(['findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow', 'findMany', 'count', 'aggregate', 'groupBy']);
const WRITES: Record<string, Action> = {
  create: 'add',
  createMany: 'add',
  createManyAndReturn: 'add',
  update: 'change',
  updateMany: 'change',
  updateManyAndReturn: 'change',
  upsert: 'change',
  delete: 'delete',
  deleteMany: 'delete',
};

interface ModelInfo {
  relations: Map<string, { target: string; isList: boolean }>;
  /** `{ <primary key>: { in: [] } }`: matches no row. (Prisma treats an empty OR nested in AND as "all rows".) */
  nothing: Where;
}
type Relations = Map<string, ModelInfo>;

export function relationIndex(dmmf: PothosPrismaDatamodel): Relations {
  const index: Relations = new Map();
  for (const [model, { fields }] of Object.entries(dmmf.datamodel.models)) {
    const relations = new Map<string, { target: string; isList: boolean }>();
    for (const f of fields) if (f.kind === 'object') relations.set(f.name, { target: f.type, isList: f.isList });
    const pk = fields.find((f) => (f as { isId?: boolean }).isId)?.name ?? 'id';
    index.set(model, { relations, nothing: { [pk]: { in: [] } } });
  }
  return index;
}

/** The filter for what the user may do with a model: undefined for everything. */
function scopeFilter(model: string, action: Action, perms: PermissionSet, relations: Relations): Where | undefined {
  const scope = perms.scope(model, action);
  if (scope.kind === 'all') return undefined;
  if (scope.kind === 'where') return scope.where;
  return relations.get(model)?.nothing ?? { id: { in: [] } };
}

function and(where: unknown, extra: Where | undefined): Where | undefined {
  if (!extra) return where as Where | undefined;
  if (!where) return { AND: [extra] };
  return { ...(where as Where), AND: [...toArray((where as Where)['AND']), extra] };
}

function toArray(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/**
 * Narrow every list relation in an include/select tree (and relation counts) to the rows the user may view.
 * Single related objects (a device's location) are loaded with their parent, as Nautobot's GraphQL does.
 */
function scopeNested(model: string, args: Record<string, unknown>, perms: PermissionSet, relations: Relations): void {
  for (const key of ['include', 'select'] as const) {
    const tree = args[key];
    if (!tree || typeof tree !== 'object') continue;
    const fields = tree as Record<string, unknown>;
    for (const [name, value] of Object.entries(fields)) {
      if (name === '_count') {
        const count = value as { select?: Record<string, unknown> } | boolean;
        if (typeof count !== 'object' || !count.select) continue;
        for (const [relName, relValue] of Object.entries(count.select)) {
          const rel = relations.get(model)?.relations.get(relName);
          if (!rel || !relValue) continue;
          const where = scopeFilter(rel.target, 'view', perms, relations);
          if (!where) continue;
          const base = typeof relValue === 'object' ? (relValue as Record<string, unknown>) : {};
          count.select[relName] = { ...base, where: and(base['where'], where) };
        }
        continue;
      }
      const rel = relations.get(model)?.relations.get(name);
      if (!rel || !value) continue;
      const nested: Record<string, unknown> = typeof value === 'object' ? { ...(value as Record<string, unknown>) } : {};
      if (rel.isList) {
        const where = scopeFilter(rel.target, 'view', perms, relations);
        if (where) nested['where'] = and(nested['where'], where);
      }
      scopeNested(rel.target, nested, perms, relations);
      fields[name] = typeof value === 'object' || rel.isList ? nested : value;
    }
  }
}

/**
 * The one place permissions are enforced on data: every query that resolvers, plugins, jobs or REST handlers
 * make through the request's client is narrowed to what the user may see, and writes need the matching action
 * on the rows they touch. A read-only token cannot write at all.
 */
export function scopedPrisma(
  base: PrismaClient,
  perms: PermissionSet,
  relations: Relations,
  writeEnabled: boolean,
  /**
   * False for reads of objects reached through a visible parent (the gateway's merge lookups): the objects
   * themselves are not filtered, as a single related object is shown with its parent, but every list below
   * them still is.
   */
  options: { scopeTopLevel?: boolean } = {},
): PrismaClient {
  if (perms.superuser && writeEnabled) return base;
  const scopeTopLevel = options.scopeTopLevel ?? true;
  const extended = base.$extends({
    query: {
      $allModels: {
        async $allOperations({ model, operation, args, query }) {
          const a = { ...((args ?? {}) as Record<string, unknown>) };
          // Relationship links hold two ids and nothing else. The core reads and writes them only for an object the
          // caller may change and peers the caller may view (relationships/associations.ts), and shows a peer only
          // when the caller may view it; the links themselves carry no permission of their own.
          if (model === 'RelationshipAssociation') return query(a);
          if (READS.has(operation)) {
            if (scopeTopLevel) a['where'] = and(a['where'], scopeFilter(model, 'view', perms, relations));
            scopeNested(model, a, perms, relations);
            return query(a);
          }
          const action = WRITES[operation];
          if (!action) return query(a);
          if (!writeEnabled) throw forbidden('This token is read-only.');
          // The change log is appended to by every write, whoever makes it; nobody may edit or remove it.
          if (model === 'ObjectChange' && operation === 'create') return query(a);
          perms.require(model, action);
          if (action !== 'add') a['where'] = and(a['where'], scopeFilter(model, action, perms, relations));
          if (operation === 'upsert') perms.require(model, 'add');
          scopeNested(model, a, perms, relations);
          return query(a);
        },
      },
    },
  });
  return extended as unknown as PrismaClient;
}
