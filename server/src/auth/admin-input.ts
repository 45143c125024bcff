import { ACTIONS, parseConstraints, type Action } from './permissions.ts';
import type { RequestContext } from '../context.ts';
import { modelByContentType } from './graphql.ts';
import type { FieldError } from '../errors.ts';
import { delegateFor } from '../schema/model-spec.ts';
import { systemOf } from '../system.ts';

/** Reading and checking the input of the user-administration mutations. */
export interface PermissionInput {
  name?: string | null;
  description?: string | null;
  enabled?: boolean | null;
  actions?: string[] | null;
  constraints?: string | null;
  contentTypes?: string[] | null;
  userIds?: string[] | null;
  groupIds?: string[] | null;
}

/** Check an object permission's input; returns Prisma data for create/update and field errors. */
export async function readPermissionInput(ctx: RequestContext, input: PermissionInput, creating: boolean) {
  const errors: FieldError[] = [];
  const data: Record<string, unknown> = {};
  if (input.name !== undefined && input.name !== null) {
    if (input.name.trim() === '') errors.push({ field: 'name', code: 'REQUIRED', message: 'This field may not be blank.' });
    else data['name'] = input.name.trim();
  } else if (creating) errors.push({ field: 'name', code: 'REQUIRED', message: 'This field is required.' });
  if (input.description != null) data['description'] = input.description;
  if (input.enabled != null) data['enabled'] = input.enabled;
  if (input.actions != null) {
    const bad = input.actions.filter((a) => !ACTIONS.includes(a as Action));
    if (input.actions.length === 0 || bad.length > 0) {
      errors.push({ field: 'actions', code: 'INVALID_CHOICE', message: `Actions must be some of ${ACTIONS.join(', ')}${bad.length ? `; not ${bad.join(', ')}` : ''}.` });
    } else data['actions'] = [...new Set(input.actions)].join(',');
  } else if (creating) errors.push({ field: 'actions', code: 'REQUIRED', message: 'This field is required.' });
  let models: string[] = [];
  if (input.contentTypes != null) {
    const labels = [...new Set(input.contentTypes)];
    const found = await systemOf(ctx).rootPrisma.contentType.findMany({
      where: { OR: labels.map((l) => ({ appLabel: l.split('.')[0] ?? '', model: l.split('.')[1] ?? '' })) },
    });
    const known = new Map(found.map((c) => [`${c.appLabel}.${c.model}`, c.id]));
    const missing = labels.filter((l) => !known.has(l));
    if (missing.length > 0 || labels.length === 0) {
      errors.push({ field: 'contentTypes', code: 'NOT_FOUND', message: missing.length ? `Unknown content type ${missing.join(', ')}.` : 'Name at least one content type.' });
    } else {
      data['contentTypes'] = { set: labels.map((l) => ({ id: known.get(l) })) };
      models = labels.map((l) => [...modelByContentType(ctx)].find(([, ct]) => ct === l)?.[0]).filter((m): m is string => !!m);
    }
  } else if (creating) errors.push({ field: 'contentTypes', code: 'REQUIRED', message: 'This field is required.' });
  if (input.constraints != null) {
    const parsed = parseConstraints(input.constraints);
    if (typeof parsed === 'string') errors.push({ field: 'constraints', code: 'INVALID', message: parsed });
    else {
      // A constraint must be a filter the models understand; try it on each of them.
      for (const model of models) {
        for (const where of parsed ?? []) {
          try {
            await delegateFor({ ...ctx, prisma: systemOf(ctx).rootPrisma }, model).count({ where });
          } catch {
            errors.push({ field: 'constraints', code: 'INVALID', message: `The constraint ${JSON.stringify(where)} is not a valid filter for ${model}.` });
          }
        }
      }
      data['constraints'] = input.constraints.trim();
    }
  }
  for (const [field, model, relation] of [['userIds', 'user', 'users'], ['groupIds', 'group', 'groups']] as const) {
    const ids = input[field];
    if (ids == null) continue;
    const delegate = delegateFor({ ...ctx, prisma: systemOf(ctx).rootPrisma }, model === 'user' ? 'User' : 'Group');
    const found = await delegate.findMany({ where: { id: { in: ids } }, select: { id: true } });
    if (found.length !== new Set(ids).size) errors.push({ field, code: 'NOT_FOUND', message: `Some ${model}s do not exist.` });
    else data[relation] = { set: ids.map((id) => ({ id })) };
  }
  if (creating) {
    for (const key of ['contentTypes', 'users', 'groups'] as const) {
      const value = data[key] as { set: unknown[] } | undefined;
      if (value) data[key] = { connect: value.set };
    }
  }
  return { data, errors };
}


export function labelsToPairs(labels: readonly string[]): Array<{ appLabel: string; model: string }> {
  return labels.map((l) => ({ appLabel: l.split('.')[0] ?? '', model: l.split('.')[1] ?? '' }));
}

export async function groupConnect(ctx: RequestContext, ids: ReadonlyArray<string | number> | null | undefined, errors: FieldError[]) {
  if (ids == null) return undefined;
  const wanted = [...new Set(ids.map(String))];
  const found = await systemOf(ctx).rootPrisma.group.count({ where: { id: { in: wanted } } });
  if (found !== wanted.length) errors.push({ field: 'groupIds', code: 'NOT_FOUND', message: 'Some groups do not exist.' });
  return wanted.map((id) => ({ id }));
}


/** Users, groups, object permissions, the change log and the audit log: administration, all audited. */
