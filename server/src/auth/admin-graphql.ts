import { audit } from './audit.ts';
import { grantGuard, groupGuard, superuserGuard } from './escalation.ts';
import { requires } from './field-permissions.ts';
import { hashPassword } from './passwords.ts';
import { grantOf } from './permissions.ts';
import { MIN_PASSWORD_LENGTH } from './users.ts';
import { fieldErrorRef, type FathomBuilder, type FathomTypes, type FieldError } from '../schema/builder.ts';
import type { RequestContext } from '../context.ts';
import { systemOf } from '../system.ts';

import { groupConnect, labelsToPairs, readPermissionInput } from './admin-input.ts';

export function addUserAdminTypes(builder: FathomBuilder): void {
  builder.prismaObject('User', {
    fields: (t) => ({
      id: t.exposeID('id'),
      username: t.exposeString('username'),
      email: t.exposeString('email'),
      isActive: t.exposeBoolean('isActive'),
      isSuperuser: t.exposeBoolean('isSuperuser'),
      lastLogin: t.expose('lastLogin', { type: 'DateTime', nullable: true }),
      groups: t.relation('groups'),
    }),
  });
  builder.prismaObject('Group', {
    fields: (t) => ({ id: t.exposeID('id'), name: t.exposeString('name'), users: t.relation('users') }),
  });
  builder.prismaObject('ObjectPermission', {
    fields: (t) => ({
      id: t.exposeID('id'),
      name: t.exposeString('name'),
      description: t.exposeString('description'),
      enabled: t.exposeBoolean('enabled'),
      actions: t.stringList({ resolve: (p) => p.actions.split(',').filter(Boolean) }),
      constraints: t.exposeString('constraints', { description: 'JSON filter, or array of filters of which any may match; empty for none.' }),
      contentTypes: t.relation('contentTypes'),
      users: t.relation('users'),
      groups: t.relation('groups'),
    }),
  });
  const permissionPayload = (name: string) =>
    builder.objectRef<{ record: Record<string, unknown> | null; errors: FieldError[] }>(name).implement({
      fields: (t) => ({
        objectPermission: t.field({ type: 'ObjectPermission' as never, nullable: true, resolve: (p) => p.record as never }),
        errors: t.field({ type: [fieldErrorRef(builder)], resolve: (p) => p.errors }),
      }),
    });
  const permissionInput = (name: string, required: boolean) =>
    builder.inputType(name, {
      fields: (t) => ({
        name: t.string({ required }),
        description: t.string(),
        enabled: t.boolean(),
        actions: t.stringList({ required, description: 'Some of view, add, change, delete.' }),
        constraints: t.string({ description: 'JSON filter over the model’s fields (a Prisma where), or an array of them.' }),
        contentTypes: t.stringList({ required, description: 'Content type labels such as dcim.device.' }),
        userIds: t.idList(),
        groupIds: t.idList(),
      }),
    });
  const createPermissionInput = permissionInput('CreateObjectPermissionInput', true);
  const userInput = builder.inputType('UserInput', {
    fields: (t) => ({
      username: t.string(),
      email: t.string(),
      password: t.string({ description: `At least ${MIN_PASSWORD_LENGTH} characters; stored as a scrypt hash.` }),
      isActive: t.boolean(),
      isSuperuser: t.boolean(),
      groupIds: t.idList(),
    }),
  });
  const userPayload = builder.objectRef<{ record: Record<string, unknown> | null; errors: FieldError[] }>('UserPayload').implement({
    fields: (t) => ({
      user: t.field({ type: 'User' as never, nullable: true, resolve: (p) => p.record as never }),
      errors: t.field({ type: [fieldErrorRef(builder)], resolve: (p) => p.errors }),
    }),
  });
  const groupPayload = builder.objectRef<{ record: Record<string, unknown> | null; errors: FieldError[] }>('GroupPayload').implement({
    fields: (t) => ({
      group: t.field({ type: 'Group' as never, nullable: true, resolve: (p) => p.record as never }),
      errors: t.field({ type: [fieldErrorRef(builder)], resolve: (p) => p.errors }),
    }),
  });
  const updatePermissionInput = permissionInput('UpdateObjectPermissionInput', false);

  builder.queryFields((t) => ({
    users: t.prismaField({ type: ['User'], extensions: requires('User', 'view'), resolve: (query, _r, _a, ctx) => ctx.prisma.user.findMany({ ...query, orderBy: { username: 'asc' } }) }),
    groups: t.prismaField({ type: ['Group'], extensions: requires('Group', 'view'), resolve: (query, _r, _a, ctx) => ctx.prisma.group.findMany({ ...query, orderBy: { name: 'asc' } }) }),
    objectPermissions: t.prismaField({
      type: ['ObjectPermission'],
      extensions: requires('ObjectPermission', 'view'),
      resolve: (query, _r, _a, ctx) => ctx.prisma.objectPermission.findMany({ ...query, orderBy: { name: 'asc' } }),
    }),
  }));

  builder.mutationFields((t) => ({
    createObjectPermission: t.field({
      type: permissionPayload('CreateObjectPermissionPayload'),
      extensions: requires('ObjectPermission', 'add'),
      args: { input: t.arg({ type: createPermissionInput, required: true }) },
      resolve: async (_r, { input }, ctx) => {
        const { data, errors } = await readPermissionInput(ctx, input, true);
        if (errors.length === 0) {
          errors.push(...grantGuard(ctx, [grantOf({ name: input.name ?? '', actions: (input.actions ?? []).join(','), constraints: input.constraints ?? '', contentTypes: labelsToPairs(input.contentTypes ?? []) })], 'actions'));
        }
        if (errors.length > 0) return { record: null, errors };
        const clash = await systemOf(ctx).rootPrisma.objectPermission.findUnique({ where: { name: String(data['name']) } });
        if (clash) return { record: null, errors: [{ field: 'name', code: 'UNIQUE', message: 'An object permission with this name already exists.' }] };
        const record = await ctx.prisma.objectPermission.create({ data: data as never });
        await systemOf(ctx).authenticator.changed();
        await audit(systemOf(ctx).rootPrisma, { action: 'permission.create', actor: ctx.auth.user, ip: ctx.auth.ip, detail: { id: record.id, ...input } });
        return { record, errors: [] };
      },
    }),
    updateObjectPermission: t.field({
      type: permissionPayload('UpdateObjectPermissionPayload'),
      extensions: requires('ObjectPermission', 'change'),
      args: { id: t.arg.id({ required: true }), input: t.arg({ type: updatePermissionInput, required: true }) },
      resolve: async (_r, { id, input }, ctx) => {
        const existing = await ctx.prisma.objectPermission.findUnique({ where: { id: String(id) }, include: { contentTypes: true } });
        if (!existing) return { record: null, errors: [{ field: 'id', code: 'NOT_FOUND', message: 'Object permission not found.' }] };
        const withTypes = { ...input, contentTypes: input.contentTypes ?? (input.constraints != null ? existing.contentTypes.map((c) => `${c.appLabel}.${c.model}`) : null) };
        const { data, errors } = await readPermissionInput(ctx, withTypes, false);
        // The permission as it would stand afterwards must be within what the caller holds, whatever changed.
        if (errors.length === 0) {
          const after = {
            name: existing.name,
            actions: input.actions?.join(',') ?? existing.actions,
            constraints: input.constraints ?? existing.constraints,
            contentTypes: input.contentTypes ? labelsToPairs(input.contentTypes) : existing.contentTypes,
          };
          errors.push(...grantGuard(ctx, [grantOf(after)], 'actions'));
        }
        if (errors.length > 0) return { record: null, errors };
        const record = await ctx.prisma.objectPermission.update({ where: { id: existing.id }, data: data as never });
        await systemOf(ctx).authenticator.changed();
        await audit(systemOf(ctx).rootPrisma, { action: 'permission.update', actor: ctx.auth.user, ip: ctx.auth.ip, detail: { id: existing.id, ...input } });
        return { record, errors: [] };
      },
    }),
    createUser: t.field({
      type: userPayload,
      extensions: requires('User', 'add'),
      description: 'Create a user. Only superusers may create superusers.',
      args: { input: t.arg({ type: userInput, required: true }) },
      resolve: async (_r, { input }, ctx) => {
        const errors: FieldError[] = [];
        if (!input.username || !/^[\w.@+-]{1,150}$/.test(input.username)) errors.push({ field: 'username', code: 'INVALID', message: 'Usernames are 1–150 letters, digits and @.+-_ characters.' });
        if (!input.password || input.password.length < MIN_PASSWORD_LENGTH) errors.push({ field: 'password', code: 'INVALID', message: `Passwords need at least ${MIN_PASSWORD_LENGTH} characters.` });
        if (input.isSuperuser && !ctx.auth.user?.isSuperuser) errors.push({ field: 'isSuperuser', code: 'FORBIDDEN', message: 'Only superusers may create superusers.' });
        if (input.username && (await systemOf(ctx).rootPrisma.user.findUnique({ where: { username: input.username } }))) errors.push({ field: 'username', code: 'UNIQUE', message: 'A user with this username already exists.' });
        const groups = await groupConnect(ctx, input.groupIds, errors);
        errors.push(...(await groupGuard(ctx, (groups ?? []).map((g) => g.id), 'groupIds')));
        if (errors.length > 0) return { record: null, errors };
        const record = await ctx.prisma.user.create({
          data: { username: input.username ?? '', email: input.email ?? '', passwordHash: await hashPassword(input.password ?? ''), isSuperuser: input.isSuperuser ?? false, isActive: input.isActive ?? true, ...(groups ? { groups: { connect: groups } } : {}) },
        });
        await audit(systemOf(ctx).rootPrisma, { action: 'user.create', actor: ctx.auth.user, ip: ctx.auth.ip, detail: { id: record.id, username: record.username, superuser: record.isSuperuser, groups: input.groupIds ?? [] } });
        return { record, errors: [] };
      },
    }),
    updateUser: t.field({
      type: userPayload,
      extensions: requires('User', 'change'),
      description: 'Change a user: email, password, active flag, groups. Only superusers may grant or remove superuser.',
      args: { id: t.arg.id({ required: true }), input: t.arg({ type: userInput, required: true }) },
      resolve: async (_r, { id, input }, ctx) => {
        const errors: FieldError[] = [];
        const existing = await ctx.prisma.user.findUnique({ where: { id: String(id) }, include: { groups: { select: { id: true } } } });
        if (!existing) return { record: null, errors: [{ field: 'id', code: 'NOT_FOUND', message: 'User not found.' }] };
        const guarded = await superuserGuard(ctx, [existing.id], 'id');
        if (guarded.length > 0) return { record: null, errors: guarded };
        if (input.username != null && input.username !== existing.username) errors.push({ field: 'username', code: 'INVALID', message: 'Usernames cannot be changed.' });
        if (input.password != null && input.password.length < MIN_PASSWORD_LENGTH) errors.push({ field: 'password', code: 'INVALID', message: `Passwords need at least ${MIN_PASSWORD_LENGTH} characters.` });
        if (input.isSuperuser != null && input.isSuperuser !== existing.isSuperuser && !ctx.auth.user?.isSuperuser) errors.push({ field: 'isSuperuser', code: 'FORBIDDEN', message: 'Only superusers may grant or remove superuser.' });
        const groups = await groupConnect(ctx, input.groupIds, errors);
        const current = new Set(existing.groups.map((g) => g.id));
        errors.push(...(await groupGuard(ctx, (groups ?? []).map((g) => g.id).filter((g) => !current.has(g)), 'groupIds')));
        if (errors.length > 0) return { record: null, errors };
        const record = await ctx.prisma.user.update({
          where: { id: existing.id },
          data: {
            ...(input.email != null ? { email: input.email } : {}),
            ...(input.password != null ? { passwordHash: await hashPassword(input.password) } : {}),
            ...(input.isActive != null ? { isActive: input.isActive } : {}),
            ...(input.isSuperuser != null ? { isSuperuser: input.isSuperuser } : {}),
            ...(groups ? { groups: { set: groups } } : {}),
          },
        });
        // A disabled account or a new password ends the user's sessions; a new password also revokes their API tokens.
        if (input.isActive === false || input.password != null) await systemOf(ctx).rootPrisma.session.deleteMany({ where: { userId: existing.id } });
        if (input.password != null) await systemOf(ctx).rootPrisma.token.updateMany({ where: { userId: existing.id, revoked: null }, data: { revoked: new Date() } });
        await systemOf(ctx).authenticator.changed();
        await audit(systemOf(ctx).rootPrisma, { action: 'user.update', actor: ctx.auth.user, ip: ctx.auth.ip, detail: { id: existing.id, ...input, password: input.password != null ? '(changed)' : undefined } });
        return { record, errors: [] };
      },
    }),
    createGroup: t.field({
      type: groupPayload,
      extensions: requires('Group', 'add'),
      args: { name: t.arg.string({ required: true }), userIds: t.arg.idList() },
      resolve: async (_r, { name, userIds }, ctx) => {
        if (name.trim() === '') return { record: null, errors: [{ field: 'name', code: 'REQUIRED', message: 'This field may not be blank.' }] };
        if (await systemOf(ctx).rootPrisma.group.findUnique({ where: { name } })) return { record: null, errors: [{ field: 'name', code: 'UNIQUE', message: 'A group with this name already exists.' }] };
        const users = (userIds ?? []).map((uid) => ({ id: String(uid) }));
        const found = await systemOf(ctx).rootPrisma.user.count({ where: { id: { in: users.map((u) => u.id) } } });
        if (found !== users.length) return { record: null, errors: [{ field: 'userIds', code: 'NOT_FOUND', message: 'Some users do not exist.' }] };
        const record = await ctx.prisma.group.create({ data: { name: name.trim(), users: { connect: users } } });
        await systemOf(ctx).authenticator.changed();
        await audit(systemOf(ctx).rootPrisma, { action: 'group.create', actor: ctx.auth.user, ip: ctx.auth.ip, detail: { id: record.id, name: record.name, users: users.map((u) => u.id) } });
        return { record, errors: [] };
      },
    }),
    updateGroup: t.field({
      type: groupPayload,
      extensions: requires('Group', 'change'),
      description: 'Rename a group or replace its members.',
      args: { id: t.arg.id({ required: true }), name: t.arg.string(), userIds: t.arg.idList() },
      resolve: async (_r, { id, name, userIds }, ctx) => {
        const existing = await ctx.prisma.group.findUnique({ where: { id: String(id) }, include: { users: { select: { id: true } } } });
        if (!existing) return { record: null, errors: [{ field: 'id', code: 'NOT_FOUND', message: 'Group not found.' }] };
        const users = userIds?.map((uid) => ({ id: String(uid) }));
        if (users && (await systemOf(ctx).rootPrisma.user.count({ where: { id: { in: users.map((u) => u.id) } } })) !== users.length) {
          return { record: null, errors: [{ field: 'userIds', code: 'NOT_FOUND', message: 'Some users do not exist.' }] };
        }
        if (users) {
          const before = new Set(existing.users.map((u) => u.id));
          const after = new Set(users.map((u) => u.id));
          const added = [...after].filter((u) => !before.has(u));
          const removed = [...before].filter((u) => !after.has(u));
          const refused = [...(await superuserGuard(ctx, [...added, ...removed], 'userIds')), ...(added.length > 0 ? await groupGuard(ctx, [existing.id], 'userIds') : [])];
          if (refused.length > 0) return { record: null, errors: refused };
        }
        const record = await ctx.prisma.group.update({ where: { id: existing.id }, data: { ...(name ? { name } : {}), ...(users ? { users: { set: users } } : {}) } });
        await systemOf(ctx).authenticator.changed();
        await audit(systemOf(ctx).rootPrisma, { action: 'group.update', actor: ctx.auth.user, ip: ctx.auth.ip, detail: { id: existing.id, name, users: users?.map((u) => u.id) } });
        return { record, errors: [] };
      },
    }),
    deleteGroup: auditedDelete(t, 'Group', 'group.delete', (ctx, id) => ctx.prisma.group.deleteMany({ where: { id } })),
    deleteObjectPermission: auditedDelete(t, 'ObjectPermission', 'permission.delete', (ctx, id) => ctx.prisma.objectPermission.deleteMany({ where: { id } })),
  }));
}

/** A delete of a group or a permission: it changes what users may do, so authentication caches move and it is audited. */
function auditedDelete(
  t: PothosSchemaTypes.MutationFieldBuilder<FathomTypes, unknown>,
  model: 'Group' | 'ObjectPermission',
  action: 'group.delete' | 'permission.delete',
  remove: (ctx: RequestContext, id: string) => Promise<{ count: number }>,
) {
  return t.boolean({
    extensions: requires(model, 'delete'),
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_r, { id }, ctx) => {
      const deleted = await remove(ctx, String(id));
      if (deleted.count > 0) {
        await systemOf(ctx).authenticator.changed();
        await audit(systemOf(ctx).rootPrisma, { action, actor: ctx.auth.user, ip: ctx.auth.ip, detail: { id } });
      }
      return deleted.count > 0;
    },
  });
}
