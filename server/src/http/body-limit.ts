/**
 * Keep a request's body within `maxBytes`: a larger one is answered with 413 before anything parses it, whether
 * it declares its length or streams in chunks. Returns the request to serve (a streamed body buffered, up to the
 * limit) or the refusal.
 */
export async function limitBody(request: Request, maxBytes: number): Promise<Request | Response> {
  if (!request.body || request.method === 'GET' || request.method === 'HEAD') return request;
  const tooLarge = () => Response.json({ error: `The request body is larger than ${maxBytes} bytes.` }, { status: 413 });
  const length = request.headers.get('content-length');
  if (length !== null && /^\d+$/.test(length)) {
    // Node's HTTP parser delivers exactly the declared length as the body (a request that declares it cannot also
    // be chunked), so a declared length within the limit needs no counting, and the request is served as it came.
    if (Number(length) > maxBytes) return tooLarge();
    return request;
  }
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
