import { getOperationAST, GraphQLError, Kind, type DocumentNode, type GraphQLSchema, type SelectionSetNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { RequestContext } from '../context.ts';
import { forbidden, unauthenticated, type Action } from './permissions.ts';

/**
 * What a root field needs, declared where the field is defined (`extensions: { fathomPermission }`):
 * anyone (`public`), any logged-in user (`authenticated`), or an action on a model.
 */
export type FieldPermission = { public: true } | { authenticated: true } | { model: string; action: Action };

export const PERMISSION_EXTENSION = 'fathomPermission';

export function requires(model: string, action: Action): { [PERMISSION_EXTENSION]: FieldPermission } {
  return { [PERMISSION_EXTENSION]: { model, action } };
}
export const PUBLIC = { [PERMISSION_EXTENSION]: { public: true } as FieldPermission };
export const AUTHENTICATED = { [PERMISSION_EXTENSION]: { authenticated: true } as FieldPermission };

/** `Query.devices` → its declaration, collected from every subschema's root fields. */
export type PermissionRegistry = Map<string, FieldPermission>;

export function collectDeclarations(schemas: readonly GraphQLSchema[]): PermissionRegistry {
  const registry: PermissionRegistry = new Map();
  for (const schema of schemas) {
    for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
      if (!root) continue;
      for (const [name, field] of Object.entries(root.getFields())) {
        const declared = field.extensions?.[PERMISSION_EXTENSION] as FieldPermission | undefined;
        if (declared) registry.set(`${root.name}.${name}`, declared);
      }
    }
  }
  return registry;
}

/** Root field names of an operation, each with how often it is selected (aliases count separately). */
function rootFields(selectionSet: SelectionSetNode, document: DocumentNode, out: Map<string, number>, seen: Set<string> = new Set()): void {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) out.set(selection.name.value, (out.get(selection.name.value) ?? 0) + 1);
    else if (selection.kind === Kind.INLINE_FRAGMENT) rootFields(selection.selectionSet, document, out, seen);
    else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === selection.name.value);
      if (fragment && fragment.kind === Kind.FRAGMENT_DEFINITION) rootFields(fragment.selectionSet, document, out, seen);
    }
  }
}

/**
 * Check every root field of an operation against its declaration before anything runs. A field without a
 * declaration is refused (fail closed). Reads of a model the user cannot see are not refused: the data layer
 * filters them to nothing, as lists should be filtered, not failed.
 */
export function useFieldPermissions(registry: PermissionRegistry): Plugin<RequestContext> {
  const check = ({ args, setResultAndStopExecution }: { args: { document: DocumentNode; operationName?: string | null | undefined; contextValue: unknown }; setResultAndStopExecution: (result: { errors: GraphQLError[] }) => void }) => {
    const operation = getOperationAST(args.document, args.operationName);
    if (!operation) return;
    const rootType = operation.operation === 'mutation' ? 'Mutation' : operation.operation === 'subscription' ? 'Subscription' : 'Query';
    const counts = new Map<string, number>();
    rootFields(operation.selectionSet, args.document, counts);
    const names = [...counts.keys()];
    // One password guess per request: aliases must not multiply login attempts.
    if ((counts.get('login') ?? 0) > 1) return setResultAndStopExecution({ errors: [new GraphQLError('Only one login per request.', { extensions: { code: 'BAD_USER_INPUT' } })] });
    const auth = (args.contextValue as RequestContext).auth;
    const deny = (error: ReturnType<typeof forbidden>) => setResultAndStopExecution({ errors: [error] });
    if (operation.operation === 'mutation' && !auth.csrfValid) {
      return deny(forbidden('Cookie-authenticated mutations need the session’s CSRF token in the x-fathom-csrf header (see `me { csrfToken }`).'));
    }
    if (operation.operation === 'mutation' && auth.user && !auth.writeEnabled && !names.every((n) => n === 'logout')) {
      return deny(forbidden('This token is read-only.'));
    }
    for (const name of names) {
      if (name.startsWith('__')) continue;
      // Merge entry points (`_core…ByIds`) serve the gateway's delegation, which does not pass through here.
      if (name.startsWith('_')) return deny(forbidden(`${rootType}.${name} is internal.`));
      const declared = registry.get(`${rootType}.${name}`);
      if (!declared) return deny(forbidden(`${rootType}.${name} declares no permission and is refused.`));
      if ('public' in declared) continue;
      if ('authenticated' in declared) {
        if (!auth.user) return deny(unauthenticated());
        continue;
      }
      const { model, action } = declared;
      if (!auth.user) {
        // Anonymous users may only read models made exempt by configuration.
        if (action === 'view' && auth.permissions.can(model, 'view')) continue;
        return deny(unauthenticated());
      }
      if (action !== 'view' && !auth.permissions.can(model, action)) {
        return deny(forbidden(`You do not have permission to ${action} ${auth.permissions.contentTypeOf(model) ?? model}.`));
      }
      // A stream of a model's events is refused, not filtered to silence, to a user who may not view it.
      if (operation.operation === 'subscription' && !auth.permissions.can(model, 'view')) {
        return deny(forbidden(`You do not have permission to view ${auth.permissions.contentTypeOf(model) ?? model}.`));
      }
    }
  };
  return { onExecute: check, onSubscribe: check };
}
