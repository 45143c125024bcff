import type { PrismaClient, RequestUser } from '../context.ts';
import { timingSafeEqual } from 'node:crypto';
import { csrfTokenOf, hashKey } from './keys.ts';
import { grantOf, PermissionSet, unauthenticated } from './permissions.ts';

export const SESSION_COOKIE = 'fathom_session';
/** Sessions last two weeks, like Django's default. */
export const SESSION_AGE_SECONDS = 14 * 24 * 3600;
const TOKEN_LAST_USED_RESOLUTION_MS = 60_000;

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
export class Authenticator {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly contentTypes: ReadonlyMap<string, string>,
    private readonly exempt: readonly string[],
  ) {}

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
      const session = await this.prisma.session.findUnique({ where: { keyHash: hashKey(key) }, include: { user: true } });
      if (session && session.expires > new Date() && session.user.isActive) {
        const csrfToken = csrfTokenOf(key);
        // The session's token, or a browser saying the request comes from this very origin (GraphiQL served here).
        const origin = request.headers.get('origin');
        const csrfValid = sameText(request.headers.get(CSRF_HEADER) ?? '', csrfToken) || (origin !== null && origin === new URL(request.url).origin);
        return { user: toUser(session.user), via: 'session', writeEnabled: true, permissions: await this.permissionsOf(session.user), sessionId: session.id, ip, csrfToken, csrfValid };
      }
      // An expired or unknown session is just "not logged in": the browser shows the login page.
    }
    return this.anonymous(ip);
  }

  private async fromToken(key: string, ip: string): Promise<Auth> {
    const token = await this.prisma.token.findUnique({ where: { keyHash: hashKey(key) }, include: { user: true } });
    const now = new Date();
    if (!token) throw unauthenticated('Invalid token.');
    if (token.revoked) throw unauthenticated('This token has been revoked.');
    if (token.expires && token.expires <= now) throw unauthenticated('This token has expired.');
    if (!token.user.isActive) throw unauthenticated('This account is disabled.');
    if (!token.lastUsed || now.getTime() - token.lastUsed.getTime() > TOKEN_LAST_USED_RESOLUTION_MS) {
      await this.prisma.token.update({ where: { id: token.id }, data: { lastUsed: now } });
    }
    return { user: toUser(token.user), via: 'token', writeEnabled: token.writeEnabled, permissions: await this.permissionsOf(token.user), sessionId: null, ip, csrfToken: null, csrfValid: true };
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
