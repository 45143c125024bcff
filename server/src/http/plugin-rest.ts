import { match } from 'path-to-regexp';
import type { RequestContext } from '../context.ts';
import type { Logger } from '../logger.ts';
import type { Middleware, RestEndpoint } from '../plugins/definition.ts';
import type { Contribution, PluginRegistry, RegisteredPlugin } from '../plugins/registry.ts';
import { forPlugin } from '../system.ts';

interface Route {
  plugin: RegisteredPlugin;
  endpoint: RestEndpoint;
  match: ReturnType<typeof match>;
}

const json = (status: number, body: unknown) => Response.json(body, { status });

/**
 * Plugin REST endpoints, all under /api/plugins/<baseUrl>/. Each request is authenticated and authorized here,
 * before the plugin's handler runs; the handler's `ctx.prisma` is narrowed to what the caller may see.
 */
export function pluginRestRouter(endpoints: ReadonlyArray<Contribution<RestEndpoint>>, contextFor: (request: Request) => Promise<RequestContext>, log: Logger) {
  const routes: Route[] = endpoints.map(({ plugin, value: endpoint }) => ({
    plugin,
    endpoint,
    match: match(`/api/plugins/${plugin.baseUrl}/${endpoint.path.replace(/^\/+/, '')}`, { decode: decodeURIComponent }),
  }));
  return async (request: Request): Promise<Response> => {
    const pathname = new URL(request.url).pathname;
    let candidates;
    try {
      candidates = routes.map((r) => ({ route: r, found: r.match(pathname) })).filter((c) => c.found);
    } catch {
      return json(400, { error: 'Malformed URL.' });
    }
    if (candidates.length === 0) return json(404, { error: 'Not found' });
    const hit = candidates.find((c) => c.route.endpoint.method === request.method);
    if (!hit || !hit.found) return json(405, { error: `Method ${request.method} not allowed`, allowed: candidates.map((c) => c.route.endpoint.method) });
    const { endpoint, plugin } = hit.route;
    let ctx: RequestContext;
    try {
      ctx = await contextFor(request);
    } catch {
      return json(401, { error: 'Invalid, expired or revoked credentials.' });
    }
    if (!ctx.auth.user && !endpoint.public) return json(401, { error: 'Authentication required.' });
    if (request.method !== 'GET' && request.method !== 'HEAD' && !ctx.auth.csrfValid) {
      return json(403, { error: 'Cookie-authenticated writes need the session’s CSRF token in the x-fathom-csrf header.' });
    }
    if (request.method !== 'GET' && ctx.auth.user && !ctx.auth.writeEnabled) return json(403, { error: 'This token is read-only.' });
    if (endpoint.permissions && !ctx.auth.permissions.hasAll(endpoint.permissions)) return json(403, { error: 'You do not have permission to use this endpoint.' });
    try {
      return await endpoint.handler({ request, ctx: forPlugin(ctx, plugin), params: { ...(hit.found.params as Record<string, string>) } });
    } catch (error) {
      log.error({ plugin: plugin.name, path: pathname, err: error }, 'plugin REST handler failed');
      return json(500, { error: 'Internal error.', plugin: plugin.name });
    }
  };
}

/** Wrap a handler in the plugins' middleware; the first plugin's middleware is the outermost. */
export function withMiddleware(handler: (request: Request) => Promise<Response>, chain: PluginRegistry['middleware'], log: Logger) {
  return chain.reduceRight<(request: Request) => Promise<Response>>(
    (next, { plugin, value: middleware }: Contribution<Middleware>) =>
      async (request) => {
        let called = false;
        try {
          return await middleware(
            request,
            () => {
              called = true;
              return next(request);
            },
            { settings: plugin.settings, log: plugin.log },
          );
        } catch (error) {
          log.error({ plugin: plugin.name, err: error }, 'plugin middleware failed');
          // A failure before passing the request on does not take the request down with it.
          if (!called) return next(request);
          throw error;
        }
      },
    handler,
  );
}
