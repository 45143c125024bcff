import type { PrismaClient } from '../db/client.ts';

export type AuditAction =
  | 'login.success'
  | 'login.failure'
  | 'login.blocked'
  | 'logout'
  | 'token.create'
  | 'token.revoke'
  | 'permission.create'
  | 'permission.update'
  | 'permission.delete'
  | 'user.create'
  | 'user.update'
  | 'group.create'
  | 'group.update'
  | 'group.delete';

/** Record a security-relevant event: who, when (the row's time), from where, and what. */
export async function audit(
  prisma: PrismaClient,
  event: { action: AuditAction; actor: { id: string; username: string } | null; actorName?: string; ip: string; detail: Record<string, unknown> },
): Promise<void> {
  await prisma.auditEvent.create({
    data: {
      action: event.action,
      actorId: event.actor?.id ?? null,
      actorName: event.actor?.username ?? event.actorName ?? '',
      ip: event.ip,
      detail: JSON.stringify(event.detail),
    },
  });
}
