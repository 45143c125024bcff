import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

/** A file of the built web UI, or null. Hashed assets are cached for a year; index.html never. */
export async function staticFile(dir: string, pathname: string): Promise<Response | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return Response.json({ error: 'Malformed URL.' }, { status: 400 });
  }
  const relative = pathname === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const path = normalize(join(dir, relative));
  if (!path.startsWith(normalize(dir) + sep)) return null;
  try {
    const body = await readFile(path);
    const immutable = relative.startsWith('assets/');
    return new Response(body, {
      headers: {
        'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
        'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        'x-content-type-options': 'nosniff',
        ...(relative === 'index.html' ? { 'content-security-policy': "default-src 'self'; img-src 'self' https: data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'" } : {}),
      },
    });
  } catch {
    return null;
  }
}
