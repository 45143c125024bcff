import { GraphQLError } from 'graphql';
import { audit } from '../auth/audit.ts';
import { SESSION_AGE_SECONDS, SESSION_COOKIE } from '../auth/authenticate.ts';
import { AUTHENTICATED, PUBLIC, requires } from '../auth/field-permissions.ts';
import { hashKey, newKey } from '../auth/keys.ts';
import { DUMMY_HASH, hashPassword, verifyPassword } from '../auth/passwords.ts';
import { MIN_PASSWORD_LENGTH } from '../auth/users.ts';
import { ACTIONS, parseConstraints, type Action } from '../auth/permissions.ts';
import type { RequestContext } from '../context.ts';
import { delegateFor } from './crud.ts';
import { fieldErrorRef, type FathomBuilder, type FieldError } from './builder.ts';

function sessionCookie(key: string, ctx: RequestContext, maxAge: number): string {
  return [
    `${SESSION_COOKIE}=${key}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${maxAge}`,
    ...(ctx.system.secure ? ['Secure'] : []),
  ].join('; ');
}

interface PermissionInput {
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
async function readPermissionInput(ctx: RequestContext, input: PermissionInput, creating: boolean) {
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
    const found = await ctx.system.rootPrisma.contentType.findMany({
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
            await delegateFor({ ...ctx, prisma: ctx.system.rootPrisma }, model).count({ where });
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
    const delegate = delegateFor({ ...ctx, prisma: ctx.system.rootPrisma }, model === 'user' ? 'User' : 'Group');
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

function modelByContentType(ctx: RequestContext): Map<string, string> {
  const map = new Map<string, string>();
  for (const model of ctx.system.modelNames) {
    const ct = ctx.auth.permissions.contentTypeOf(model);
    if (ct) map.set(model, ct);
  }
  return map;
}

/** Users, login and logout, API tokens, object permissions and the audit log. */
export function addAuthTypes(builder: FathomBuilder): void {
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
  builder.prismaObject('ObjectChange', {
    fields: (t) => ({
      id: t.exposeID('id'),
      time: t.expose('time', { type: 'DateTime' }),
      userName: t.exposeString('userName'),
      requestId: t.exposeString('requestId'),
      action: t.exposeString('action', { description: 'create, update or delete' }),
      contentType: t.exposeString('contentType'),
      objectId: t.exposeString('objectId'),
      objectRepr: t.exposeString('objectRepr'),
      data: t.exposeString('data', { description: 'JSON of the object after the change (before it, for a delete).' }),
    }),
  });
  builder.prismaObject('AuditEvent', {
    fields: (t) => ({
      id: t.exposeID('id'),
      time: t.expose('time', { type: 'DateTime' }),
      action: t.exposeString('action'),
      actorName: t.exposeString('actorName'),
      ip: t.exposeString('ip'),
      detail: t.exposeString('detail', { description: 'JSON' }),
    }),
  });

  interface TokenView { id: string; prefix: string; description: string; writeEnabled: boolean; expires: Date | null; revoked: Date | null; lastUsed: Date | null; created: Date }
  const tokenRef = builder.objectRef<TokenView>('ApiToken').implement({
    fields: (t) => ({
      id: t.exposeID('id'),
      prefix: t.exposeString('prefix', { description: 'The first characters of the key.' }),
      description: t.exposeString('description'),
      writeEnabled: t.exposeBoolean('writeEnabled'),
      expires: t.expose('expires', { type: 'DateTime', nullable: true }),
      revoked: t.expose('revoked', { type: 'DateTime', nullable: true }),
      lastUsed: t.expose('lastUsed', { type: 'DateTime', nullable: true }),
      created: t.expose('created', { type: 'DateTime' }),
    }),
  });
  const permissionSummary = builder.objectRef<{ contentType: string; actions: string[] }>('PermissionSummary').implement({
    fields: (t) => ({ contentType: t.exposeString('contentType'), actions: t.exposeStringList('actions') }),
  });
  const me = builder.objectRef<RequestContext>('Me').implement({
    description: 'The logged-in user.',
    fields: (t) => ({
      id: t.id({ resolve: (ctx) => ctx.auth.user?.id ?? '' }),
      username: t.string({ resolve: (ctx) => ctx.auth.user?.username ?? '' }),
      isSuperuser: t.boolean({ resolve: (ctx) => ctx.auth.user?.isSuperuser ?? false }),
      via: t.string({ description: 'token or session', resolve: (ctx) => ctx.auth.via }),
      writeEnabled: t.boolean({ resolve: (ctx) => ctx.auth.writeEnabled }),
      permissions: t.field({
        type: [permissionSummary],
        description: 'Actions the user holds per content type (constrained or not).',
        resolve: (ctx) =>
          [...modelByContentType(ctx)].map(([model, ct]) => ({ contentType: ct, actions: ACTIONS.filter((a) => ctx.auth.permissions.can(model, a)) })).filter((p) => p.actions.length > 0),
      }),
    }),
  });
  const loginPayload = builder.objectRef<{ ok: boolean; ctx: RequestContext | null; errors: FieldError[] }>('LoginPayload').implement({
    fields: (t) => ({
      me: t.field({ type: me, nullable: true, resolve: (p) => (p.ok ? p.ctx : null) }),
      errors: t.field({ type: [fieldErrorRef(builder)], resolve: (p) => p.errors }),
    }),
  });
  const createTokenPayload = builder.objectRef<{ token: TokenView | null; key: string | null; errors: FieldError[] }>('CreateApiTokenPayload').implement({
    fields: (t) => ({
      token: t.field({ type: tokenRef, nullable: true, resolve: (p) => p.token }),
      key: t.string({ nullable: true, description: 'The secret key. Shown this once; only its hash is kept.', resolve: (p) => p.key }),
      errors: t.field({ type: [fieldErrorRef(builder)], resolve: (p) => p.errors }),
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
    me: t.field({ type: me, nullable: true, extensions: PUBLIC, description: 'The caller, or null when anonymous.', resolve: (_r, _a, ctx) => (ctx.auth.user ? ctx : null) }),
    myApiTokens: t.field({
      type: [tokenRef],
      extensions: AUTHENTICATED,
      resolve: (_r, _a, ctx) => ctx.system.rootPrisma.token.findMany({ where: { userId: ctx.auth.user?.id ?? '' }, orderBy: { created: 'desc' } }),
    }),
    users: t.prismaField({ type: ['User'], extensions: requires('User', 'view'), resolve: (query, _r, _a, ctx) => ctx.prisma.user.findMany({ ...query, orderBy: { username: 'asc' } }) }),
    groups: t.prismaField({ type: ['Group'], extensions: requires('Group', 'view'), resolve: (query, _r, _a, ctx) => ctx.prisma.group.findMany({ ...query, orderBy: { name: 'asc' } }) }),
    objectPermissions: t.prismaField({
      type: ['ObjectPermission'],
      extensions: requires('ObjectPermission', 'view'),
      resolve: (query, _r, _a, ctx) => ctx.prisma.objectPermission.findMany({ ...query, orderBy: { name: 'asc' } }),
    }),
    objectChanges: t.prismaField({
      type: ['ObjectChange'],
      extensions: requires('ObjectChange', 'view'),
      description: 'The change log, newest first.',
      args: { contentType: t.arg.string(), objectId: t.arg.id(), last: t.arg.int({ defaultValue: 50 }) },
      resolve: (query, _r, args, ctx) =>
        ctx.prisma.objectChange.findMany({
          ...query,
          where: { ...(args.contentType ? { contentType: args.contentType } : {}), ...(args.objectId ? { objectId: String(args.objectId) } : {}) },
          orderBy: [{ time: 'desc' }, { id: 'desc' }],
          take: Math.min(Math.max(args.last ?? 50, 1), 1000),
        }),
    }),
    auditEvents: t.prismaField({
      type: ['AuditEvent'],
      extensions: requires('AuditEvent', 'view'),
      args: { action: t.arg.string(), last: t.arg.int({ defaultValue: 100 }) },
      resolve: (query, _r, args, ctx) =>
        ctx.prisma.auditEvent.findMany({ ...query, where: args.action ? { action: args.action } : {}, orderBy: [{ time: 'desc' }, { id: 'desc' }], take: Math.min(Math.max(args.last ?? 100, 1), 1000) }),
    }),
  }));

  builder.mutationFields((t) => ({
    login: t.field({
      type: loginPayload,
      extensions: PUBLIC,
      description: 'Start a web session: sets an HttpOnly session cookie. A new session replaces the old one.',
      args: { username: t.arg.string({ required: true }), password: t.arg.string({ required: true }) },
      resolve: async (_r, { username, password }, ctx) => {
        const db = ctx.system.rootPrisma;
        const user = await db.user.findUnique({ where: { username } });
        const ok = await verifyPassword(password, user?.passwordHash || DUMMY_HASH);
        if (!user || !ok || !user.isActive) {
          await audit(db, { action: 'login.failure', actor: null, actorName: username, ip: ctx.auth.ip, detail: { reason: !user ? 'unknown user' : !ok ? 'wrong password' : 'inactive' } });
          return { ok: false, ctx: null, errors: [{ field: '', code: 'INVALID_LOGIN', message: 'Invalid username or password.' }] };
        }
        // Rotate: drop the session the browser had, if any, and issue a fresh key.
        if (ctx.auth.sessionId) await db.session.deleteMany({ where: { id: ctx.auth.sessionId } });
        const key = newKey();
        const session = await db.session.create({
          data: { keyHash: hashKey(key), userId: user.id, expires: new Date(Date.now() + SESSION_AGE_SECONDS * 1000), ip: ctx.auth.ip },
        });
        await db.user.update({ where: { id: user.id }, data: { lastLogin: new Date() } });
        ctx.system.setCookie(sessionCookie(key, ctx, SESSION_AGE_SECONDS));
        await audit(db, { action: 'login.success', actor: user, ip: ctx.auth.ip, detail: { session: session.id } });
        const permissions = await ctx.system.authenticator.permissionsOf(user);
        const next: RequestContext = { ...ctx, auth: { ...ctx.auth, user: { id: user.id, username: user.username, isSuperuser: user.isSuperuser }, via: 'session', writeEnabled: true, permissions, sessionId: session.id } };
        return { ok: true, ctx: next, errors: [] };
      },
    }),
    logout: t.boolean({
      extensions: PUBLIC,
      description: 'End the web session and clear its cookie.',
      resolve: async (_r, _a, ctx) => {
        if (ctx.auth.sessionId) {
          await ctx.system.rootPrisma.session.deleteMany({ where: { id: ctx.auth.sessionId } });
          await audit(ctx.system.rootPrisma, { action: 'logout', actor: ctx.auth.user, ip: ctx.auth.ip, detail: {} });
        }
        ctx.system.setCookie(sessionCookie('', ctx, 0));
        return ctx.auth.sessionId !== null;
      },
    }),
    createApiToken: t.field({
      type: createTokenPayload,
      extensions: AUTHENTICATED,
      description: 'Make an API token for yourself. The key is returned once.',
      args: { description: t.arg.string(), expires: t.arg({ type: 'DateTime' }), writeEnabled: t.arg.boolean({ defaultValue: true }) },
      resolve: async (_r, args, ctx) => {
        const user = ctx.auth.user;
        if (!user) throw new GraphQLError('Not logged in', { extensions: { code: 'UNAUTHENTICATED' } });
        if (args.expires && args.expires <= new Date()) {
          return { token: null, key: null, errors: [{ field: 'expires', code: 'INVALID', message: 'The expiry must be in the future.' }] };
        }
        const { token, key } = await issueToken(ctx.system.rootPrisma, user.id, { description: args.description ?? '', expires: args.expires ?? null, writeEnabled: args.writeEnabled ?? true });
        await audit(ctx.system.rootPrisma, { action: 'token.create', actor: user, ip: ctx.auth.ip, detail: { token: token.id, prefix: token.prefix, writeEnabled: token.writeEnabled } });
        return { token, key, errors: [] };
      },
    }),
    revokeApiToken: t.boolean({
      extensions: AUTHENTICATED,
      description: 'Revoke one of your tokens (superusers: any token).',
      args: { id: t.arg.id({ required: true }) },
      resolve: async (_r, { id }, ctx) => {
        const user = ctx.auth.user;
        const db = ctx.system.rootPrisma;
        const token = await db.token.findUnique({ where: { id: String(id) } });
        if (!user || !token || (token.userId !== user.id && !user.isSuperuser) || token.revoked) return false;
        await db.token.update({ where: { id: token.id }, data: { revoked: new Date() } });
        await audit(db, { action: 'token.revoke', actor: user, ip: ctx.auth.ip, detail: { token: token.id, prefix: token.prefix } });
        return true;
      },
    }),
    createObjectPermission: t.field({
      type: permissionPayload('CreateObjectPermissionPayload'),
      extensions: requires('ObjectPermission', 'add'),
      args: { input: t.arg({ type: createPermissionInput, required: true }) },
      resolve: async (_r, { input }, ctx) => {
        const { data, errors } = await readPermissionInput(ctx, input, true);
        if (errors.length > 0) return { record: null, errors };
        const clash = await ctx.system.rootPrisma.objectPermission.findUnique({ where: { name: String(data['name']) } });
        if (clash) return { record: null, errors: [{ field: 'name', code: 'UNIQUE', message: 'An object permission with this name already exists.' }] };
        const record = await ctx.prisma.objectPermission.create({ data: data as never });
        await audit(ctx.system.rootPrisma, { action: 'permission.create', actor: ctx.auth.user, ip: ctx.auth.ip, detail: { id: record.id, ...input } });
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
        if (errors.length > 0) return { record: null, errors };
        const record = await ctx.prisma.objectPermission.update({ where: { id: existing.id }, data: data as never });
        await audit(ctx.system.rootPrisma, { action: 'permission.update', actor: ctx.auth.user, ip: ctx.auth.ip, detail: { id: existing.id, ...input } });
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
        if (input.username && (await ctx.system.rootPrisma.user.findUnique({ where: { username: input.username } }))) errors.push({ field: 'username', code: 'UNIQUE', message: 'A user with this username already exists.' });
        const groups = await groupConnect(ctx, input.groupIds, errors);
        if (errors.length > 0) return { record: null, errors };
        const record = await ctx.prisma.user.create({
          data: { username: input.username ?? '', email: input.email ?? '', passwordHash: await hashPassword(input.password ?? ''), isSuperuser: input.isSuperuser ?? false, isActive: input.isActive ?? true, ...(groups ? { groups: { connect: groups } } : {}) },
        });
        await audit(ctx.system.rootPrisma, { action: 'user.create', actor: ctx.auth.user, ip: ctx.auth.ip, detail: { id: record.id, username: record.username, superuser: record.isSuperuser, groups: input.groupIds ?? [] } });
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
        const existing = await ctx.prisma.user.findUnique({ where: { id: String(id) } });
        if (!existing) return { record: null, errors: [{ field: 'id', code: 'NOT_FOUND', message: 'User not found.' }] };
        if (input.username != null && input.username !== existing.username) errors.push({ field: 'username', code: 'INVALID', message: 'Usernames cannot be changed.' });
        if (input.password != null && input.password.length < MIN_PASSWORD_LENGTH) errors.push({ field: 'password', code: 'INVALID', message: `Passwords need at least ${MIN_PASSWORD_LENGTH} characters.` });
        if (input.isSuperuser != null && input.isSuperuser !== existing.isSuperuser && !ctx.auth.user?.isSuperuser) errors.push({ field: 'isSuperuser', code: 'FORBIDDEN', message: 'Only superusers may grant or remove superuser.' });
        const groups = await groupConnect(ctx, input.groupIds, errors);
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
        // A disabled account or a new password ends the user's sessions.
        if (input.isActive === false || input.password != null) await ctx.system.rootPrisma.session.deleteMany({ where: { userId: existing.id } });
        await audit(ctx.system.rootPrisma, { action: 'user.update', actor: ctx.auth.user, ip: ctx.auth.ip, detail: { id: existing.id, ...input, password: input.password != null ? '(changed)' : undefined } });
        return { record, errors: [] };
      },
    }),
    createGroup: t.field({
      type: groupPayload,
      extensions: requires('Group', 'add'),
      args: { name: t.arg.string({ required: true }), userIds: t.arg.idList() },
      resolve: async (_r, { name, userIds }, ctx) => {
        if (name.trim() === '') return { record: null, errors: [{ field: 'name', code: 'REQUIRED', message: 'This field may not be blank.' }] };
        if (await ctx.system.rootPrisma.group.findUnique({ where: { name } })) return { record: null, errors: [{ field: 'name', code: 'UNIQUE', message: 'A group with this name already exists.' }] };
        const users = (userIds ?? []).map((uid) => ({ id: String(uid) }));
        const found = await ctx.system.rootPrisma.user.count({ where: { id: { in: users.map((u) => u.id) } } });
        if (found !== users.length) return { record: null, errors: [{ field: 'userIds', code: 'NOT_FOUND', message: 'Some users do not exist.' }] };
        const record = await ctx.prisma.group.create({ data: { name: name.trim(), users: { connect: users } } });
        await audit(ctx.system.rootPrisma, { action: 'group.create', actor: ctx.auth.user, ip: ctx.auth.ip, detail: { id: record.id, name: record.name, users: users.map((u) => u.id) } });
        return { record, errors: [] };
      },
    }),
    updateGroup: t.field({
      type: groupPayload,
      extensions: requires('Group', 'change'),
      description: 'Rename a group or replace its members.',
      args: { id: t.arg.id({ required: true }), name: t.arg.string(), userIds: t.arg.idList() },
      resolve: async (_r, { id, name, userIds }, ctx) => {
        const existing = await ctx.prisma.group.findUnique({ where: { id: String(id) } });
        if (!existing) return { record: null, errors: [{ field: 'id', code: 'NOT_FOUND', message: 'Group not found.' }] };
        const users = userIds?.map((uid) => ({ id: String(uid) }));
        if (users && (await ctx.system.rootPrisma.user.count({ where: { id: { in: users.map((u) => u.id) } } })) !== users.length) {
          return { record: null, errors: [{ field: 'userIds', code: 'NOT_FOUND', message: 'Some users do not exist.' }] };
        }
        const record = await ctx.prisma.group.update({ where: { id: existing.id }, data: { ...(name ? { name } : {}), ...(users ? { users: { set: users } } : {}) } });
        await audit(ctx.system.rootPrisma, { action: 'group.update', actor: ctx.auth.user, ip: ctx.auth.ip, detail: { id: existing.id, name, users: users?.map((u) => u.id) } });
        return { record, errors: [] };
      },
    }),
    deleteGroup: t.boolean({
      extensions: requires('Group', 'delete'),
      args: { id: t.arg.id({ required: true }) },
      resolve: async (_r, { id }, ctx) => {
        const deleted = await ctx.prisma.group.deleteMany({ where: { id: String(id) } });
        if (deleted.count > 0) await audit(ctx.system.rootPrisma, { action: 'group.delete', actor: ctx.auth.user, ip: ctx.auth.ip, detail: { id } });
        return deleted.count > 0;
      },
    }),
    deleteObjectPermission: t.boolean({
      extensions: requires('ObjectPermission', 'delete'),
      args: { id: t.arg.id({ required: true }) },
      resolve: async (_r, { id }, ctx) => {
        const deleted = await ctx.prisma.objectPermission.deleteMany({ where: { id: String(id) } });
        if (deleted.count > 0) await audit(ctx.system.rootPrisma, { action: 'permission.delete', actor: ctx.auth.user, ip: ctx.auth.ip, detail: { id } });
        return deleted.count > 0;
      },
    }),
  }));
}

async function groupConnect(ctx: RequestContext, ids: ReadonlyArray<string | number> | null | undefined, errors: FieldError[]) {
  if (ids == null) return undefined;
  const wanted = [...new Set(ids.map(String))];
  const found = await ctx.system.rootPrisma.group.count({ where: { id: { in: wanted } } });
  if (found !== wanted.length) errors.push({ field: 'groupIds', code: 'NOT_FOUND', message: 'Some groups do not exist.' });
  return wanted.map((id) => ({ id }));
}

/** Make a token; returns the stored row and the key, which is never stored. */
export async function issueToken(
  prisma: RequestContext['prisma'],
  userId: string,
  options: { description: string; expires: Date | null; writeEnabled: boolean },
) {
  const key = newKey();
  const token = await prisma.token.create({
    data: { keyHash: hashKey(key), prefix: key.slice(0, 8), userId, description: options.description, expires: options.expires, writeEnabled: options.writeEnabled },
  });
  return { token, key };
}
