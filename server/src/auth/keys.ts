import { createHash, randomBytes } from 'node:crypto';

/** A new random secret (API token or session key): 40 hex characters, like Nautobot's tokens. */
export function newKey(): string {
  return randomBytes(20).toString('hex');
}

/** Keys are high-entropy, so a fast hash is enough to keep them unusable if the table leaks. */
export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/**
 * The CSRF token of a session: derived from its secret key, so it needs no storage, changes with every login and
 * cannot be computed by anyone who does not hold the session cookie.
 */
export function csrfTokenOf(sessionKey: string): string {
  return createHash('sha256').update(`fathom-csrf:${sessionKey}`).digest('hex');
}
