import type { PrismaClient } from '../db/client.ts';
import { FathomError } from '../errors.ts';
import { audit } from './audit.ts';
import { hashPassword } from './passwords.ts';

export const MIN_PASSWORD_LENGTH = 8;

/** Create a user (or make an existing one a superuser with a new password when `superuser` is set). */
export async function createUser(
  prisma: PrismaClient,
  input: { username: string; email?: string; password: string; superuser: boolean },
): Promise<{ id: string; username: string; created: boolean }> {
  const username = input.username.trim();
  if (!/^[\w.@+-]{1,150}$/.test(username)) throw new FathomError('BAD_USER_INPUT', 'Usernames are 1–150 letters, digits and @.+-_ characters.');
  if (input.password.length < MIN_PASSWORD_LENGTH) throw new FathomError('BAD_USER_INPUT', `Passwords need at least ${MIN_PASSWORD_LENGTH} characters.`);
  const passwordHash = await hashPassword(input.password);
  const existing = await prisma.user.findUnique({ where: { username } });
  if (existing && !input.superuser) throw new FathomError('BAD_USER_INPUT', `User "${username}" already exists.`);
  const user = await prisma.user.upsert({
    where: { username },
    create: { username, email: input.email ?? '', passwordHash, isSuperuser: input.superuser },
    update: { passwordHash, isSuperuser: true, isActive: true, ...(input.email ? { email: input.email } : {}) },
  });
  await audit(prisma, { action: 'user.create', actor: null, actorName: 'cli', ip: '', detail: { username, superuser: input.superuser, existed: !!existing } });
  return { id: user.id, username: user.username, created: !existing };
}
