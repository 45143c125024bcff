import { randomUUID } from 'node:crypto';
import { RELATIONSHIP_HOOKS } from './relationships/associations.ts';
import { webOutDir } from './web/build.ts';
import { limitBody } from './http/body-limit.ts';
import { staticFile } from './http/static-files.ts';
import { graphiqlPage } from './http/graphiql.ts';
import { Definitions } from './custom-fields/definitions.ts';
import { pluginRestRouter, withMiddleware } from './http/plugin-rest.ts';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { GraphQLError, NoSchemaIntrospectionCustomRule } from 'graphql';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { Authenticator, CSRF_HEADER, type Auth } from './auth/authenticate.ts';
import { collectDeclarations, useFieldPermissions } from './auth/field-permissions.ts';
import { useSqlReads } from './schema/sql-read/execute.ts';
import { useMutationExecutor } from './schema/execute-mutations.ts';
import { relationIndex, scopedPrisma } from './auth/scoped-prisma.ts';
import type { PrismaClient, RequestContext } from './context.ts';
import { withSystem, type SystemServices } from './system.ts';
import { secretValue } from './secrets/providers.ts';
import { useQueryCost } from './gateway/query-cost.ts';
import { PluginFailure } from './gateway/plugin-errors.ts';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './schema/builder.ts';
import type { Runtime } from './runtime.ts';
import { FATHOM_VERSION } from './version.ts';

export interface FathomApp {
  /** Handle one HTTP request (WHATWG fetch API); tests call this directly, `main` serves it. */
  fetch(request: Request, serverContext?: ServerContext): Promise<Response>;
  yoga: YogaServerInstance<ServerContext, RequestContext>;
}

export type ServerContext = { req?: { socket?: { remoteAddress?: string } } };

/**
 * What anonymous callers do not get: field suggestions ("Did you mean …?") and, unless `introspection`, introspection;
 * both reveal the schema. Validation runs synchronously, so the caller's authentication is started as the request
 * arrives and awaited once its body has been parsed: the two overlap, and the parse does not wait for a token's
 * look-up (with Redis, a round trip).
 */
function useAnonymousLimits(isAnonymous: (request: Request) => Promise<boolean>, introspection: boolean): Plugin {
  const anonymous = new WeakMap<Request, boolean>();
  return {
    onRequestParse({ request }) {
      void isAnonymous(request);
    },
    async onParams({ request }) {
      anonymous.set(request, await isAnonymous(request));
    },
    onValidate({ context, addValidationRule }) {
      const request = (context as { request?: Request }).request;
      const unknown = !request || anonymous.get(request) !== false;
      if (unknown && !introspection) addValidationRule(NoSchemaIntrospectionCustomRule);
      return ({ valid, result, setResult }) => {
        if (valid || !unknown) return;
        setResult(result.map((e) => new GraphQLError(e.message.replace(/ Did you mean .*\?$/, ''), { nodes: e.nodes, extensions: e.extensions })));
      };
    },
  };
}

/** The plugin failure behind an error, through the gateway's and graphql-js's wrapping, if there is one. */
function pluginFailureIn(error: unknown): PluginFailure | null {
  let current: unknown = error;
  for (let depth = 0; current && depth < 6; depth += 1) {
    if (current instanceof PluginFailure) return current;
    current = current instanceof GraphQLError ? current.originalError : current instanceof Error ? current.cause : undefined;
  }
  return null;
}

/** Build the HTTP application around a runtime. Never listens. */
export interface AppOptions {
  /** Serve the stitched composition (same SDL and results, with delegation between subschemas); tests compare. */
  stitched?: boolean;
  /** Unless false: plain reads answered in one SQL statement (`schema/sql-read/`), plain creates written with INSERTs (`schema/sql-write/`). Tests compare. */
  sqlReads?: boolean;
  directWrites?: boolean;
}

export function createApp(runtime: Runtime, options: AppOptions = {}): FathomApp {
  const { prisma, composed, log, config } = runtime;
  // The serving process runs the schedules (once, however many apps share the runtime).
  runtime.scheduler.start();
  const authenticator = new Authenticator(prisma, runtime.contentTypes, config.auth.exemptViewPermissions, runtime.authEpoch, config.auth.cacheSeconds);
  const definitions = new Definitions(prisma, runtime.definitionsEpoch, config.auth.cacheSeconds);
  const relations = relationIndex(runtime.dmmf);
  const registry = collectDeclarations([composed.core, ...composed.plugins.map((p) => p.schema)]);
  const modelNames = Object.keys(runtime.dmmf.datamodel.models);
  const webDir = webOutDir(config);
  const noSettings = Object.freeze({});
  const auths = new WeakMap<Request, Promise<Auth>>();
  const cookies = new WeakMap<Request, string[]>();
  const ips = new WeakMap<Request, string>();
  const definitionsByRequest = new WeakMap<Request, Definitions>();

  /** Authenticate a request once, whichever plugin asks first; its definitions' epoch is read alongside. */
  const authOf = (request: Request): Promise<Auth> => {
    let auth = auths.get(request);
    if (!auth) {
      auth = authenticator.authenticate(request, ips.get(request) ?? '');
      auths.set(request, auth);
      definitionsByRequest.set(request, definitions.forRequest({ readNow: true }));
    }
    return auth;
  };
  const isAnonymous = async (request: Request) => {
    try {
      return (await authOf(request)).user === null;
    } catch {
      return true;
    }
  };

  /** The request context: the same for GraphQL resolvers and plugin REST handlers. */
  const contextFor = async (request: Request): Promise<RequestContext> => {
    const auth = await authOf(request);
    const url = new URL(request.url);
    let related: PrismaClient | null = null;
    const scoped = scopedPrisma(prisma, auth.permissions, relations, auth.writeEnabled);
    const ctx: RequestContext = {
      prisma: scoped,
      provider: config.database.provider,
      requestId: randomUUID(),
      user: auth.user,
      auth,
      log,
      settings: noSettings,
      // A secret is looked up as the caller: one they may not view does not exist for them.
      secret: (name) => secretValue(scoped, runtime.secrets, config.secrets, log, name),
    };
    const system: SystemServices = {
        rootPrisma: prisma,
        searchIndex: runtime.searchIndex,
        countedTables: runtime.countedTables,
        inserts: options.directWrites === false ? null : runtime.inserts,
        relatedPrisma: () => (related ??= scopedPrisma(prisma, auth.permissions, relations, auth.writeEnabled, { scopeTopLevel: false })),
        authenticator,
        loginGuard: runtime.loginGuard,
        definitions: definitionsByRequest.get(request) ?? definitions.forRequest(),
        modelNames,
        models: runtime.models,
        relationships: RELATIONSHIP_HOOKS,
        validators: runtime.registry.validators,
        registry: runtime.registry,
        jobs: runtime.jobs,
        templates: runtime.templates,
        exportSelect: runtime.exportSelect,
        changes: runtime.changes,
        feed: runtime.feed,
        secure: url.protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https',
        setCookie: (cookie) => cookies.set(request, [...(cookies.get(request) ?? []), cookie]),
    };
    return withSystem(ctx, system);
  };
  const rest = pluginRestRouter(runtime.registry.rest, contextFor, log);
  const graphiql = graphiqlPage('Fathom GraphiQL');

  const yoga = createYoga<ServerContext, RequestContext>({
    schema: options.stitched ? composed.stitched : composed.schema,
    graphqlEndpoint: '/graphql',
    // `limitBody` has held the body to server.maxRequestBytes; yoga's own limit would pipe every body through one more stream.
    maxRequestBodySize: false,
    // GraphiQL is served by `route` below, from the installed package.
    graphiql: false,
    // The schema takes no files, so a multipart body (the GraphQL upload protocol, and a form a cross-site page can
    // post without asking) has nothing to carry: it is refused with 415 before anything parses it.
    multipart: false,
    landingPage: false,
    // No cross-origin access unless an origin is listed in server.corsOrigins (yoga's default reflects any origin).
    cors: (request) => {
      const origin = request.headers.get('origin');
      if (!origin || !config.server.corsOrigins.includes(origin)) return false;
      return { origin: [origin], credentials: true, methods: ['GET', 'POST'], allowedHeaders: ['content-type', 'authorization', CSRF_HEADER], maxAge: 600 };
    },
    logging: {
      debug: (...args) => log.debug(args.map(String).join(' ')),
      info: (...args) => log.info(args.map(String).join(' ')),
      warn: (...args) => log.warn(args.map(String).join(' ')),
      error: (...args) => log.error(args.map(String).join(' ')),
    },
    maskedErrors: {
      maskError: (error, message) => {
        const failed = pluginFailureIn(error);
        if (failed) {
          log.error({ plugin: failed.plugin, err: failed.cause }, 'a plugin resolver failed');
          return new GraphQLError(`Unexpected error in plugin "${failed.plugin}".`, { path: error instanceof GraphQLError ? error.path : undefined, extensions: { code: 'INTERNAL_SERVER_ERROR', plugin: failed.plugin } });
        }
        const original = error instanceof GraphQLError ? error.originalError : error;
        if (error instanceof GraphQLError && (!original || original instanceof GraphQLError)) {
          const shown = original instanceof GraphQLError ? original : error;
          // yoga attaches the parser's own error (which echoes the request) to "invalid JSON"; clients get the message.
          if (!shown.extensions['originalError']) return shown;
          const { originalError: _hidden, ...extensions } = shown.extensions;
          return new GraphQLError(shown.message, { nodes: shown.nodes, path: shown.path, extensions });
        }
        log.error({ err: original ?? error }, 'unexpected error while serving a GraphQL request');
        return new GraphQLError(message, { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      },
    },
    context: ({ request }) => contextFor(request),
    plugins: [
      useCSRFPrevention({ requestHeaders: [CSRF_HEADER, 'x-graphql-yoga-csrf'] }),
      maxTokensPlugin({ n: config.graphql.maxTokens }),
      maxDepthPlugin({ n: config.graphql.maxDepth, ignoreIntrospection: true, flattenFragments: true }),
      maxAliasesPlugin({ n: config.graphql.maxAliases, allowList: [] }),
      useQueryCost(composed.schema, { maxCost: config.graphql.maxCost, defaultPageSize: DEFAULT_PAGE_SIZE, maxPageSize: MAX_PAGE_SIZE, listFactor: config.graphql.listFactor }),
      useAnonymousLimits(isAnonymous, config.graphql.anonymousIntrospection),
      useFieldPermissions(registry),
      useMutationExecutor(),
      ...(options.sqlReads === false || options.stitched ? [] : [useSqlReads({ dmmf: runtime.dmmf, plainModels: runtime.plainModels, log })]),
      {
        onResponse({ request, response }) {
          for (const cookie of cookies.get(request) ?? []) response.headers.append('set-cookie', cookie);
        },
      },
    ],
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
    };
    return Response.json(body, { status: database === 'ok' ? 200 : 503 });
  };

  const route = async (request: Request, serverContext: ServerContext): Promise<Response> => {
      const url = new URL(request.url);
      ips.set(request, serverContext.req?.socket?.remoteAddress ?? '');
      if (url.pathname === '/health') return health();
      if (url.pathname.startsWith('/api/plugins/')) return rest(request);
      // HEAD is answered as GET without the body (monitors and proxies ask it of `/`).
      const reading = request.method === 'GET' || request.method === 'HEAD';
      // Plugin pages live at /plugins/<baseUrl>/…; the single-page app routes them after the hash.
      if (reading && url.pathname.startsWith('/plugins/')) return Response.redirect(new URL(`/#${url.pathname}${url.search}`, url), 302);
      if (reading && !url.pathname.startsWith('/graphql')) {
        const file = await staticFile(webDir, url.pathname);
        if (file) return request.method === 'HEAD' ? new Response(null, { status: file.status, headers: file.headers }) : file;
        if (url.pathname === '/') return Response.redirect(new URL('/graphql', url), 302);
      }
      // GraphiQL shows the whole schema, so it follows the introspection rule: anonymous callers only when allowed.
      if (graphiql.wanted(request)) return graphiql.response(request, config.graphql.anonymousIntrospection || !(await isAnonymous(request)));
      if (url.pathname.startsWith('/graphql')) return yoga.fetch(request, serverContext);
      return Response.json({ error: 'Not found' }, { status: 404 });
  };

  // Plugin middleware wraps everything; it may hand on a new Request, which then has no socket information.
  const serverContexts = new WeakMap<Request, ServerContext>();
  const handle = withMiddleware((request) => route(request, serverContexts.get(request) ?? {}), runtime.registry.middleware, log);
  return {
    yoga,
    fetch: async (request, serverContext = {}) => {
      try {
        const limited = await limitBody(request, config.server.maxRequestBytes);
        if (limited instanceof Response) return limited;
        serverContexts.set(limited, serverContext);
        return await handle(limited);
      } catch (error) {
        // The last line of defence: whatever escaped is logged here, once, and the client learns nothing of it.
        if (error instanceof URIError) return Response.json({ error: 'Malformed URL.' }, { status: 400 });
        log.error({ err: error, path: new URL(request.url).pathname }, 'unexpected error while serving a request');
        return Response.json({ error: 'Internal error.' }, { status: 500 });
      }
    },
  };
}
