import { GraphQLError } from 'graphql';
import { audit } from './audit.ts';
import { SESSION_AGE_SECONDS, SESSION_COOKIE } from './authenticate.ts';
import { AUTHENTICATED, PUBLIC, requires } from './field-permissions.ts';
import { csrfTokenOf, hashKey, newKey } from './keys.ts';
import { TooBusy } from './login-guard.ts';
import { DUMMY_HASH } from './passwords.ts';
import { ACTIONS } from './permissions.ts';
import type { RequestContext } from '../context.ts';
import { fieldErrorRef, type FathomBuilder, type FieldError } from '../schema/builder.ts';
import { systemOf } from '../system.ts';
import { addModelType } from '../schema/model-type.ts';

function sessionCookie(key: string, ctx: RequestContext, maxAge: number): string {
  return [
    `${SESSION_COOKIE}=${key}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${maxAge}`,
    ...(systemOf(ctx).secure ? ['Secure'] : []),
  ].join('; ');
}


/** Content type label per model, for the models the caller may see in the catalog. */
export function modelByContentType(ctx: RequestContext): Map<string, string> {
  const map = new Map<string, string>();
  for (const model of systemOf(ctx).modelNames) {
    const ct = ctx.auth.permissions.contentTypeOf(model);
    if (ct) map.set(model, ct);
  }
  return map;
}

/** Users, login and logout, API tokens, object permissions and the audit log. */

/** Login and logout, the caller (`me`) and API tokens. */
export function addAuthTypes(builder: FathomBuilder): void {
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
      csrfToken: t.string({
        nullable: true,
        description: 'For a cookie session: the token to send in the x-fathom-csrf header with every mutation. Null for API tokens.',
        resolve: (ctx) => ctx.auth.csrfToken,
      }),
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

  addModelType(builder, 'AuditEvent', { hide: ['actorId'], descriptions: { detail: 'JSON' } });
  builder.queryFields((t) => ({
    auditEvents: t.prismaField({
      type: ['AuditEvent'],
      extensions: requires('AuditEvent', 'view'),
      args: { action: t.arg.string(), last: t.arg.int({ defaultValue: 100 }) },
      resolve: (query, _r, args, ctx) =>
        ctx.prisma.auditEvent.findMany({ ...query, where: args.action ? { action: args.action } : {}, orderBy: [{ time: 'desc' }, { id: 'desc' }], take: Math.min(Math.max(args.last ?? 100, 1), 1000) }),
    }),
    me: t.field({ type: me, nullable: true, extensions: PUBLIC, description: 'The caller, or null when anonymous.', resolve: (_r, _a, ctx) => (ctx.auth.user ? ctx : null) }),
    myApiTokens: t.field({
      type: [tokenRef],
      extensions: AUTHENTICATED,
      resolve: (_r, _a, ctx) => systemOf(ctx).rootPrisma.token.findMany({ where: { userId: ctx.auth.user?.id ?? '' }, orderBy: { created: 'desc' } }),
    }),
  }));


  builder.mutationFields((t) => ({
    login: t.field({
      type: loginPayload,
      extensions: PUBLIC,
      description: 'Start a web session: sets an HttpOnly session cookie. A new session replaces the old one.',
      args: { username: t.arg.string({ required: true }), password: t.arg.string({ required: true }) },
      resolve: async (_r, { username, password }, ctx) => {
        const db = systemOf(ctx).rootPrisma;
        const guard = systemOf(ctx).loginGuard;
        if (username.length > 150 || password.length > 1024) return { ok: false, ctx: null, errors: [{ field: '', code: 'INVALID_LOGIN', message: 'Invalid username or password.' }] };
        if (await guard.blocked(username, ctx.auth.ip)) {
          await audit(db, { action: 'login.blocked', actor: null, actorName: username, ip: ctx.auth.ip, detail: {} });
          return { ok: false, ctx: null, errors: [{ field: '', code: 'RATE_LIMITED', message: 'Too many failed logins for this user or from this address; try again later.' }] };
        }
        const user = await db.user.findUnique({ where: { username } });
        let ok: boolean;
        try {
          ok = await guard.verify(password, user?.passwordHash || DUMMY_HASH);
        } catch (error) {
          if (error instanceof TooBusy) return { ok: false, ctx: null, errors: [{ field: '', code: 'BUSY', message: error.message }] };
          throw error;
        }
        if (!user || !ok || !user.isActive) {
          await guard.failed(username, ctx.auth.ip);
          await audit(db, { action: 'login.failure', actor: null, actorName: username, ip: ctx.auth.ip, detail: { reason: !user ? 'unknown user' : !ok ? 'wrong password' : 'inactive' } });
          return { ok: false, ctx: null, errors: [{ field: '', code: 'INVALID_LOGIN', message: 'Invalid username or password.' }] };
        }
        await guard.succeeded(username);
        // Rotate: drop the session the browser had, if any, and issue a fresh key.
        if (ctx.auth.sessionId) {
          await db.session.deleteMany({ where: { id: ctx.auth.sessionId } });
          await systemOf(ctx).authenticator.changed();
        }
        const key = newKey();
        const session = await db.session.create({
          data: { keyHash: hashKey(key), userId: user.id, expires: new Date(Date.now() + SESSION_AGE_SECONDS * 1000), ip: ctx.auth.ip },
        });
        await db.user.update({ where: { id: user.id }, data: { lastLogin: new Date() } });
        systemOf(ctx).setCookie(sessionCookie(key, ctx, SESSION_AGE_SECONDS));
        await audit(db, { action: 'login.success', actor: user, ip: ctx.auth.ip, detail: { session: session.id } });
        const permissions = await systemOf(ctx).authenticator.permissionsOf(user);
        const next: RequestContext = { ...ctx, auth: { ...ctx.auth, user: { id: user.id, username: user.username, isSuperuser: user.isSuperuser }, via: 'session', writeEnabled: true, permissions, sessionId: session.id, csrfToken: csrfTokenOf(key), csrfValid: true } };
        return { ok: true, ctx: next, errors: [] };
      },
    }),
    logout: t.boolean({
      extensions: PUBLIC,
      description: 'End the web session and clear its cookie.',
      resolve: async (_r, _a, ctx) => {
        if (ctx.auth.sessionId) {
          await systemOf(ctx).rootPrisma.session.deleteMany({ where: { id: ctx.auth.sessionId } });
          await systemOf(ctx).authenticator.changed();
          await audit(systemOf(ctx).rootPrisma, { action: 'logout', actor: ctx.auth.user, ip: ctx.auth.ip, detail: {} });
        }
        systemOf(ctx).setCookie(sessionCookie('', ctx, 0));
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
        const { token, key } = await issueToken(systemOf(ctx).rootPrisma, user.id, { description: args.description ?? '', expires: args.expires ?? null, writeEnabled: args.writeEnabled ?? true });
        await audit(systemOf(ctx).rootPrisma, { action: 'token.create', actor: user, ip: ctx.auth.ip, detail: { token: token.id, prefix: token.prefix, writeEnabled: token.writeEnabled } });
        return { token, key, errors: [] };
      },
    }),
    revokeApiToken: t.boolean({
      extensions: AUTHENTICATED,
      description: 'Revoke one of your tokens (superusers: any token).',
      args: { id: t.arg.id({ required: true }) },
      resolve: async (_r, { id }, ctx) => {
        const user = ctx.auth.user;
        const db = systemOf(ctx).rootPrisma;
        const token = await db.token.findUnique({ where: { id: String(id) } });
        if (!user || !token || (token.userId !== user.id && !user.isSuperuser) || token.revoked) return false;
        await db.token.update({ where: { id: token.id }, data: { revoked: new Date() } });
        await systemOf(ctx).authenticator.changed();
        await audit(db, { action: 'token.revoke', actor: user, ip: ctx.auth.ip, detail: { token: token.id, prefix: token.prefix } });
        return true;
      },
    }),
  }));
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
