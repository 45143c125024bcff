import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** One HTTP request of a webhook delivery. */
export interface WebhookRequest {
  method: string;
  url: string;
  headers: Readonly<Record<string, string>>;
  body: string;
  verifyTls: boolean;
  timeoutMs: number;
}

export interface AttemptOutcome {
  ok: boolean;
  status: number | null;
  error: string;
}

/** The header Fathom signs bodies in, as Nautobot does: the HMAC-SHA512 of the body with the webhook's secret, hex. */
export const SIGNATURE_HEADER = 'X-Hook-Signature';

export function signBody(secret: string, body: string): string {
  return createHmac('sha512', secret).update(body).digest('hex');
}

/** Headers a webhook may not set: they describe the request itself, which Fathom writes. */
const RESERVED = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'content-type', SIGNATURE_HEADER.toLowerCase()]);
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** `Name: value` lines as headers; the problems, when a line is not one or names a header Fathom writes. */
export function parseHeaders(text: string): { headers: Record<string, string>; problems: string[] } {
  const headers: Record<string, string> = {};
  const problems: string[] = [];
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!TOKEN.test(name)) problems.push(`Line ${i + 1} is not a header as "Name: value".`);
    else if (RESERVED.has(name.toLowerCase())) problems.push(`Line ${i + 1}: Fathom sets ${name} itself.`);
    else headers[name] = line.slice(colon + 1).trim();
  }
  return { headers, problems };
}

/**
 * Send one request and report how it went; never throws. A 2xx answer is success. The whole exchange, answer
 * included, must finish within `timeoutMs`; the answer's body is read and dropped.
 */
export function sendRequest(request: WebhookRequest): Promise<AttemptOutcome> {
  const url = new URL(request.url);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const req = send(
      url,
      {
        method: request.method,
        headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
        ...(url.protocol === 'https:' ? { rejectUnauthorized: request.verifyTls } : {}),
      },
      (res) => {
        const status = res.statusCode ?? 0;
        res.resume();
        res.on('end', () => {
          clearTimeout(deadline);
          const ok = status >= 200 && status < 300;
          resolve({ ok, status, error: ok ? '' : `The target answered HTTP ${status}.` });
        });
        res.on('error', (error) => resolve({ ok: false, status, error: error.message }));
      },
    );
    const deadline = setTimeout(() => req.destroy(new Error(`No answer within ${request.timeoutMs} ms.`)), request.timeoutMs);
    req.on('error', (error) => {
      clearTimeout(deadline);
      resolve({ ok: false, status: null, error: error.message });
    });
    req.end(request.body);
  });
}
