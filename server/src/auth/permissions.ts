import { GraphQLError } from 'graphql';

export type Action = 'view' | 'add' | 'change' | 'delete';
export const ACTIONS: readonly Action[] = ['view', 'add', 'change', 'delete'];

export type Where = Record<string, unknown>;

/** What a user may do with one model for one action. */
export type Scope = { kind: 'all' } | { kind: 'none' } | { kind: 'where'; where: Where };

/** A permission as loaded from the database, before it is indexed. */
export interface Grant {
  name: string;
  actions: readonly string[];
  contentTypes: readonly string[];
  /** Parsed constraint: one filter, or several of which any may match; undefined for none. */
  constraints: Where[] | undefined;
}

export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}

export function unauthenticated(message = 'Authentication required: log in, or send "Authorization: Token <key>".'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

/** Parse a stored constraint: "" → none; a JSON object → one filter; an array → any of them. */
export function parseConstraints(text: string): Where[] | undefined | string {
  if (text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'Constraints must be JSON: an object, or an array of objects of which any may match.';
  }
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || !list.every((v) => v !== null && typeof v === 'object' && !Array.isArray(v))) {
    return 'Constraints must be a JSON object, or an array of objects of which any may match.';
  }
  return list as Where[];
}

/** A stored object permission as a grant; a constraint that does not parse grants nothing rather than everything. */
export function grantOf(row: { name: string; actions: string; constraints: string; contentTypes: ReadonlyArray<{ appLabel: string; model: string }> }): Grant {
  const constraints = parseConstraints(row.constraints);
  return {
    name: row.name,
    actions: row.actions.split(',').map((a) => a.trim()).filter(Boolean),
    contentTypes: row.contentTypes.map((c) => `${c.appLabel}.${c.model}`),
    constraints: typeof constraints === 'string' ? [{ id: { in: [] } }] : constraints,
  };
}

/** Reference data every caller may read: the list of content types says nothing about the network. */
const ALWAYS_VISIBLE = new Set(['ContentType']);

/** Rows a user may always view because they are the user's own: the results and logs of the jobs they ran. */
const OWN_ROWS: Readonly<Record<string, (userId: string) => Where>> = {
  JobResult: (userId) => ({ userId }),
  JobLog: (userId) => ({ jobResult: { userId } }),
};


/** Models by content type label, made once for each map of labels by model (the runtime has one). */
const modelsByLabel = new WeakMap<ReadonlyMap<string, string>, ReadonlyMap<string, string>>();
function labelIndex(contentTypes: ReadonlyMap<string, string>): ReadonlyMap<string, string> {
  let index = modelsByLabel.get(contentTypes);
  if (!index) modelsByLabel.set(contentTypes, (index = new Map([...contentTypes].map(([model, ct]) => [ct, model]))));
  return index;
}

/**
 * The permissions of one request's user, indexed by content type and action. Built once per request.
 * `exempt` lists content types anyone may view (Nautobot's EXEMPT_VIEW_PERMISSIONS; "*" for all).
 */
export class PermissionSet {
  private readonly index = new Map<string, Where[] | 'all'>();

  constructor(
    readonly superuser: boolean,
    grants: readonly Grant[],
    private readonly contentTypes: ReadonlyMap<string, string>,
    private readonly exempt: readonly string[],
    /** The user these permissions belong to: they always see their own rows (`OWN_ROWS`). */
    private readonly userId: string | null = null,
  ) {
    for (const grant of grants) {
      for (const ct of grant.contentTypes) {
        for (const action of grant.actions) {
          const key = `${ct}:${action}`;
          const current = this.index.get(key);
          if (current === 'all') continue;
          if (!grant.constraints) this.index.set(key, 'all');
          else this.index.set(key, [...(current ?? []), ...grant.constraints]);
        }
      }
    }
  }

  static anonymous(contentTypes: ReadonlyMap<string, string>, exempt: readonly string[]): PermissionSet {
    return new PermissionSet(false, [], contentTypes, exempt);
  }

  contentTypeOf(model: string): string | undefined {
    return this.contentTypes.get(model);
  }

  /**
   * The constraints under which the user holds `action` on `model`: 'all' (unconstrained), 'none', or the list of
   * filters of which any may match.
   */
  held(model: string, action: Action): 'all' | 'none' | Where[] {
    const scope = this.grantedScope(model, action);
    if (scope.kind !== 'where') return scope.kind;
    const ct = this.contentTypes.get(model);
    const entry = ct ? this.index.get(`${ct}:${action}`) : undefined;
    return Array.isArray(entry) ? entry : [scope.where];
  }

  /**
   * Why handing out `grants` would give more than this user holds, or null when every grant is within it. A
   * constrained holder may pass on only constraints it holds itself, word for word: whether one filter is
   * narrower than another is not decided here, so anything else is refused.
   */
  excess(grants: readonly Grant[]): string | null {
    if (this.superuser) return null;
    const models = labelIndex(this.contentTypes);
    for (const grant of grants) {
      for (const ct of grant.contentTypes) {
        const model = models.get(ct);
        for (const action of grant.actions) {
          const held = model ? this.held(model, action as Action) : 'none';
          if (held === 'all') continue;
          const mine = held === 'none' ? [] : held.map((w) => JSON.stringify(w));
          const given = grant.constraints;
          if (!given || !given.every((w) => mine.includes(JSON.stringify(w)))) return `${action} on ${ct}${given && held !== 'none' ? ' under these constraints' : ''}`;
        }
      }
    }
    return null;
  }

  /** The rows of `model` this user may act on; models without a content type are internal and closed. */
  scope(model: string, action: Action): Scope {
    const granted = this.grantedScope(model, action);
    const own = action === 'view' && this.userId ? OWN_ROWS[model]?.(this.userId) : undefined;
    if (!own || granted.kind === 'all') return granted;
    return { kind: 'where', where: granted.kind === 'none' ? own : { OR: [own, granted.where] } };
  }

  private grantedScope(model: string, action: Action): Scope {
    if (this.superuser) return { kind: 'all' };
    if (action === 'view' && ALWAYS_VISIBLE.has(model)) return { kind: 'all' };
    const ct = this.contentTypes.get(model);
    if (!ct) return { kind: 'none' };
    if (action === 'view' && (this.exempt.includes('*') || this.exempt.includes(ct))) return { kind: 'all' };
    const entry = this.index.get(`${ct}:${action}`);
    if (!entry) return { kind: 'none' };
    if (entry === 'all') return { kind: 'all' };
    return { kind: 'where', where: entry.length === 1 ? (entry[0] as Where) : { OR: entry } };
  }

  /** Nautobot-style names (`dcim.view_device`): true when every one is held, at least on some rows. */
  hasAll(names: readonly string[]): boolean {
    return names.every((name) => {
      const match = /^([\w-]+)\.(view|add|change|delete)_(\w+)$/.exec(name);
      if (!match) return false;
      const model = labelIndex(this.contentTypes).get(`${match[1]}.${match[3]}`);
      return model !== undefined && this.can(model, match[2] as Action);
    });
  }

  /** True when the user may do `action` on at least some rows of `model`. */
  can(model: string, action: Action): boolean {
    return this.scope(model, action).kind !== 'none';
  }

  /** Throw FORBIDDEN unless the user may do `action` on some rows of `model`. */
  require(model: string, action: Action): void {
    if (!this.can(model, action)) throw forbidden(`You do not have permission to ${action} ${this.contentTypes.get(model) ?? model}.`);
  }

  /** A Prisma filter for the scope: undefined for all rows, `{ id: { in: [] } }` for none. */
  where(model: string, action: Action): Where | undefined {
    const scope = this.scope(model, action);
    return scope.kind === 'all' ? undefined : scope.kind === 'none' ? { id: { in: [] } } : scope.where;
  }
}
