import { createHash } from 'node:crypto';
import type { GraphiQLOptions, Plugin } from 'graphql-yoga';

/** The Content-Security-Policy of a GraphiQL page: its inline scripts by hash, blob workers, this origin only. */
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

/**
 * GraphiQL from the installed package, not a CDN: the page works without internet access, and a strict
 * Content-Security-Policy allows exactly its inline script, its editor's blob workers, and requests to this
 * origin. The bundle is several megabytes, so it is loaded on the first GraphiQL request, not at start-up, and
 * the page is rendered once.
 */
export function localGraphiQL() {
  let page: Promise<{ html: string; csp: string }> | null = null;
  const render = async (options: GraphiQLOptions): Promise<string> => {
    page ??= import('@graphql-yoga/render-graphiql').then(({ renderGraphiQL }) => {
      const html = renderGraphiQL(options);
      return { html, csp: policyFor(html) };
    });
    return (await page).html;
  };
  /** Puts the page's policy on the HTML response yoga sends for GraphiQL. */
  const plugin: Plugin = {
    async onResponse({ response }) {
      if (!page || !response.headers.get('content-type')?.startsWith('text/html')) return;
      response.headers.set('content-security-policy', (await page).csp);
      response.headers.set('x-content-type-options', 'nosniff');
      response.headers.set('referrer-policy', 'no-referrer');
    },
  };
  return { render, plugin };
}
