import type { DatabaseProvider } from './config/config.ts';
import type { Logger } from './logger.ts';
import type { PrismaClient } from '../../generated/client/client.ts';

/** Who is making the request. Filled by the authentication layer; anonymous until then. */
export interface RequestUser {
  id: string;
  username: string;
  isSuperuser: boolean;
}

/** Built once per GraphQL request and handed to every resolver, core and plugin alike. */
export interface RequestContext {
  prisma: PrismaClient;
  provider: DatabaseProvider;
  requestId: string;
  user: RequestUser | null;
  log: Logger;
}

export type { PrismaClient };
