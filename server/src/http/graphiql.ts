import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

/** The Content-Security-Policy of the GraphiQL page: its inline scripts by hash, blob workers, this origin only. */
function policyFor(html: string): string {
  const hashes = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => `'sha256-${createHash('sha256').update(m[1] ?? '').digest('base64')}'`);
  return [
    "default-src 'self'",
    `script-src ${hashes.join(' ')}`,
    'worker-src blob:',
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

const LOGIN_FIRST = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Fathom GraphiQL</title></head>
<body><p>GraphiQL shows the whole schema, so it is for logged-in users. <a href="/">Log in</a>, then come back to
<a href="/graphql">/graphql</a>; or call the API with an <code>Authorization: Token …</code> header.</p></body></html>`;

/**
 * GraphiQL from the installed package, not a CDN: the page works without internet access, and a strict
 * Content-Security-Policy allows exactly its inline script, its editor's blob workers, and requests to this
 * origin. The bundle is several megabytes, so it is loaded on the first request for the page (not at start-up),
 * rendered and compressed once.
 */
export function graphiqlPage(title: string) {
  let page: Promise<{ html: string; gzip: Blob; csp: string }> | null = null;
  const headers = (csp: string) => ({
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-cache',
  });
  return {
    /** Whether a request is a browser asking for the page rather than a GraphQL GET. */
    wanted(request: Request): boolean {
      const url = new URL(request.url);
      return request.method === 'GET' && url.pathname === '/graphql' && !url.searchParams.has('query') && (request.headers.get('accept') ?? '').includes('text/html');
    },
    /** The page, or (when `allowed` is false) a short one that says to log in first. */
    async response(request: Request, allowed: boolean): Promise<Response> {
      if (!allowed) return new Response(LOGIN_FIRST, { status: 401, headers: headers("default-src 'none'; frame-ancestors 'none'") });
      page ??= import('@graphql-yoga/render-graphiql').then(({ renderGraphiQL }) => {
        const html = renderGraphiQL({ title, endpoint: '/graphql' });
        return { html, gzip: new Blob([new Uint8Array(gzipSync(html))]), csp: policyFor(html) };
      });
      const { html, gzip, csp } = await page;
      if ((request.headers.get('accept-encoding') ?? '').includes('gzip')) return new Response(gzip, { headers: { ...headers(csp), 'content-encoding': 'gzip', vary: 'accept-encoding' } });
      return new Response(html, { headers: { ...headers(csp), vary: 'accept-encoding' } });
    },
  };
}
