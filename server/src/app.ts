import { randomUUID } from 'node:crypto';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { RequestContext } from './context.ts';
import { useCoreFastPath } from './gateway/fast-path.ts';
import type { Runtime } from './runtime.ts';
import { FATHOM_VERSION } from './version.ts';

export interface FathomApp {
  /** Handle one HTTP request (WHATWG fetch API); tests call this directly, `main` serves it. */
  fetch(request: Request): Promise<Response>;
  yoga: YogaServerInstance<Record<string, unknown>, RequestContext>;
}

/** Build the HTTP application around a runtime. Never listens. */
export function createApp(runtime: Runtime): FathomApp {
  const { prisma, composed, log, config } = runtime;
  const yoga = createYoga<Record<string, unknown>, RequestContext>({
    schema: composed.schema,
    graphqlEndpoint: '/graphql',
    graphiql: { title: 'Fathom GraphiQL' },
    landingPage: false,
    logging: {
      debug: (...args) => log.debug(args.map(String).join(' ')),
      info: (...args) => log.info(args.map(String).join(' ')),
      warn: (...args) => log.warn(args.map(String).join(' ')),
      error: (...args) => log.error(args.map(String).join(' ')),
    },
    context: () => ({
      prisma,
      provider: config.database.provider,
      requestId: randomUUID(),
      user: null,
      log,
    }),
    plugins: [useCoreFastPath(composed.core)],
  });

  const health = async (): Promise<Response> => {
    let database = 'ok';
    try {
      await prisma.$queryRawUnsafe('SELECT 1');
    } catch (error) {
      database = 'unavailable';
      log.error({ err: error }, 'health check: database unavailable');
    }
    const body = {
      status: database === 'ok' ? 'ok' : 'degraded',
      version: FATHOM_VERSION,
      database: { provider: config.database.provider, status: database },
      plugins: runtime.plugins.map((p) => ({ name: p.name, version: p.definition.version })),
    };
    return Response.json(body, { status: database === 'ok' ? 200 : 503 });
  };

  return {
    yoga,
    fetch: async (request) => {
      const url = new URL(request.url);
      if (url.pathname === '/health') return health();
      if (url.pathname === '/' ) return Response.redirect(new URL('/graphql', url), 302);
      if (url.pathname.startsWith('/graphql')) return yoga.fetch(request);
      return Response.json({ error: 'Not found' }, { status: 404 });
    },
  };
}
