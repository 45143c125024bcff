import { createHash, randomBytes } from 'node:crypto';

/** A new random secret (API token or session key): 40 hex characters, like Nautobot's tokens. */
export function newKey(): string {
  return randomBytes(20).toString('hex');
}

/** Keys are high-entropy, so a fast hash is enough to keep them unusable if the table leaks. */
export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
