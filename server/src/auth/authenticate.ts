import type { PrismaClient } from '../db/client.ts';
import { timingSafeEqual } from 'node:crypto';
import { EpochCache, type Epoch } from '../cache/epoch.ts';
import { csrfTokenOf, hashKey } from './keys.ts';
import { grantOf, PermissionSet, unauthenticated } from './permissions.ts';

export const SESSION_COOKIE = 'fathom_session';
/** Sessions last two weeks, like Django's default. */
export const SESSION_AGE_SECONDS = 14 * 24 * 3600;
const TOKEN_LAST_USED_RESOLUTION_MS = 60_000;

/** Who is making the request. Filled by the authentication layer; anonymous until then. */
export interface RequestUser {
  id: string;
  username: string;
  isSuperuser: boolean;
}

/** Who is calling, how, and what they may do. One per request. */
export interface Auth {
  user: RequestUser | null;
  via: 'anonymous' | 'token' | 'session';
  /** False for read-only tokens: nothing may be written. */
  writeEnabled: boolean;
  permissions: PermissionSet;
  sessionId: string | null;
  ip: string;
  /** The session's CSRF token, for the web app to send back in `x-fathom-csrf`; null without a session. */
  csrfToken: string | null;
  /** For a cookie session: the request carried the session's CSRF token. Always true for tokens and anonymous. */
  csrfValid: boolean;
}

export const CSRF_HEADER = 'x-fathom-csrf';

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function parseCookies(header: string | null): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at <= 0) continue;
    const name = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    try {
      cookies.set(name, decodeURIComponent(value));
    } catch {
      cookies.set(name, value);
    }
  }
  return cookies;
}

/**
 * Resolves the caller of a request from an API token (`Authorization: Token <key>`) or the session cookie, and
 * loads their permissions. A token that is unknown, expired or revoked is refused outright, never downgraded to
 * anonymous, so that a client notices.
 */
/** What a token or session says about its caller, as loaded from the database; cached while the epoch holds. */
interface Credential {
  id: string;
  user: { id: string; username: string; isSuperuser: boolean; isActive: boolean };
  permissions: PermissionSet;
  revoked: Date | null;
  expires: Date | null;
  writeEnabled: boolean;
  lastUsed: Date | null;
}

export class Authenticator {
  private readonly cache: EpochCache<Credential> | null;

  /**
   * With an `epoch`, tokens and sessions (with their user and permissions) are cached per credential and
   * re-read as soon as anything about authentication changes (`changed()`), so a warm request costs no
   * statement for authentication. Without one, every request reads them.
   */
  constructor(
    private readonly prisma: PrismaClient,
    private readonly contentTypes: ReadonlyMap<string, string>,
    private readonly exempt: readonly string[],
    private readonly epoch: Epoch | null = null,
    cacheSeconds = 60,
  ) {
    this.cache = epoch ? new EpochCache(cacheSeconds * 1000) : null;
  }

  /** Call after any change to tokens, sessions, users, groups or permissions. */
  async changed(): Promise<void> {
    await this.epoch?.bump();
  }

  /** A credential by its key's hash: from the cache while the epoch holds, else from the database. */
  private async credential(kind: 'token' | 'session', keyHash: string): Promise<Credential | null> {
    const epoch = this.epoch ? await this.epoch.current() : 0;
    const cacheKey = `${kind}:${keyHash}`;
    const cached = this.cache?.get(cacheKey, epoch);
    if (cached) return cached;
    const row =
      kind === 'token'
        ? await this.prisma.token.findUnique({ where: { keyHash }, include: { user: true } })
        : await this.prisma.session.findUnique({ where: { keyHash }, include: { user: true } }).then((s) => s && { ...s, revoked: null, writeEnabled: true, lastUsed: null });
    if (!row) return null;
    const credential: Credential = {
      id: row.id,
      user: { id: row.user.id, username: row.user.username, isSuperuser: row.user.isSuperuser, isActive: row.user.isActive },
      permissions: await this.permissionsOf(row.user),
      revoked: row.revoked,
      expires: row.expires,
      writeEnabled: row.writeEnabled,
      lastUsed: row.lastUsed,
    };
    this.cache?.set(cacheKey, epoch, credential);
    return credential;
  }

  anonymous(ip: string): Auth {
    return { user: null, via: 'anonymous', writeEnabled: false, permissions: PermissionSet.anonymous(this.contentTypes, this.exempt), sessionId: null, ip, csrfToken: null, csrfValid: true };
  }

  async authenticate(request: Request, ip: string): Promise<Auth> {
    const header = request.headers.get('authorization');
    if (header) {
      const match = /^(?:Token|Bearer)\s+([0-9a-f]{40})$/i.exec(header.trim());
      if (!match?.[1]) throw unauthenticated('Malformed Authorization header; expected "Token <40 hex characters>".');
      return this.fromToken(match[1].toLowerCase(), ip);
    }
    const key = parseCookies(request.headers.get('cookie')).get(SESSION_COOKIE);
    if (key) {
      const session = await this.credential('session', hashKey(key));
      if (session && session.expires && session.expires > new Date() && session.user.isActive) {
        const csrfToken = csrfTokenOf(key);
        // The session's token, or a browser saying the request comes from this very origin (GraphiQL served here).
        const origin = request.headers.get('origin');
        const csrfValid = sameText(request.headers.get(CSRF_HEADER) ?? '', csrfToken) || (origin !== null && origin === new URL(request.url).origin);
        return { user: toUser(session.user), via: 'session', writeEnabled: true, permissions: session.permissions, sessionId: session.id, ip, csrfToken, csrfValid };
      }
      // An expired or unknown session is just "not logged in": the browser shows the login page.
    }
    return this.anonymous(ip);
  }

  private async fromToken(key: string, ip: string): Promise<Auth> {
    const token = await this.credential('token', hashKey(key));
    const now = new Date();
    if (!token) throw unauthenticated('Invalid token.');
    if (token.revoked) throw unauthenticated('This token has been revoked.');
    if (token.expires && token.expires <= now) throw unauthenticated('This token has expired.');
    if (!token.user.isActive) throw unauthenticated('This account is disabled.');
    if (!token.lastUsed || now.getTime() - token.lastUsed.getTime() > TOKEN_LAST_USED_RESOLUTION_MS) {
      token.lastUsed = now;
      await this.prisma.token.update({ where: { id: token.id }, data: { lastUsed: now } });
    }
    return { user: toUser(token.user), via: 'token', writeEnabled: token.writeEnabled, permissions: token.permissions, sessionId: null, ip, csrfToken: null, csrfValid: true };
  }

  /** Direct and group permissions of a user, enabled ones only. Superusers skip the lookup. */
  async permissionsOf(user: { id: string; isSuperuser: boolean }): Promise<PermissionSet> {
    if (user.isSuperuser) return new PermissionSet(true, [], this.contentTypes, this.exempt);
    const rows = await this.prisma.objectPermission.findMany({
      where: { enabled: true, OR: [{ users: { some: { id: user.id } } }, { groups: { some: { users: { some: { id: user.id } } } } }] },
      include: { contentTypes: { select: { appLabel: true, model: true } } },
    });
    const grants = rows.map(grantOf);
    return new PermissionSet(false, grants, this.contentTypes, this.exempt, user.id);
  }
}

export function toUser(user: { id: string; username: string; isSuperuser: boolean }): RequestUser {
  return { id: user.id, username: user.username, isSuperuser: user.isSuperuser };
}
