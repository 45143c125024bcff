/**
 * Read a request's body up to `maxBytes`: a larger one is answered with 413 before anything parses it, whether
 * it declares its length or streams in chunks. Returns the request to serve (with the body buffered) or the
 * refusal.
 */
export async function limitBody(request: Request, maxBytes: number): Promise<Request | Response> {
  if (!request.body || request.method === 'GET' || request.method === 'HEAD') return request;
  const tooLarge = () => Response.json({ error: `The request body is larger than ${maxBytes} bytes.` }, { status: 413 });
  const declared = Number(request.headers.get('content-length') ?? 'NaN');
  if (Number.isFinite(declared) && declared > maxBytes) return tooLarge();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      return tooLarge();
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return new Request(request.url, { method: request.method, headers: request.headers, body, signal: request.signal });
}
