import { Client, fetchExchange, type AnyVariables, type TypedDocumentNode } from '@urql/core';

let csrfToken = '';

/** Remember the session's CSRF token (from `me { csrfToken }`); every later request sends it. */
export function setCsrfToken(token: string | null | undefined): void {
  csrfToken = token ?? '';
}

/** Headers a same-origin request with the session cookie needs, for plugin components calling plugin REST APIs. */
export function sessionHeaders(): Record<string, string> {
  return { 'x-fathom-csrf': csrfToken || '1' };
}

/**
 * The one GraphQL client. Requests carry the session cookie (same origin) and the session's CSRF token, which
 * neither a cross-site form nor another origin's script can know. Typed documents come from GraphQL Code
 * Generator; generic views build their queries from the model catalog and go through `gql`.
 */
export const client = new Client({
  url: '/graphql',
  exchanges: [fetchExchange],
  requestPolicy: 'network-only',
  fetchOptions: () => ({ credentials: 'same-origin', headers: sessionHeaders() }),
});

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

export async function run<Data, Variables extends AnyVariables>(document: TypedDocumentNode<Data, Variables>, variables: Variables, mutation = false): Promise<Data> {
  const result = mutation ? await client.mutation(document, variables).toPromise() : await client.query(document, variables).toPromise();
  if (result.error) {
    const first = result.error.graphQLErrors[0];
    throw new ApiError(first?.message ?? result.error.message, first?.extensions?.['code'] as string | undefined);
  }
  return result.data as Data;
}

/** Untyped query or mutation text, for views generated from the model catalog and for plugin components. */
// Its selections are built at run time, so its result has no static type: callers read it as they built it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function gql<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const isMutation = /^\s*mutation\b/.test(query);
  const result = isMutation ? await client.mutation(query, variables).toPromise() : await client.query(query, variables).toPromise();
  if (result.error) {
    const first = result.error.graphQLErrors[0];
    throw new ApiError(first?.message ?? result.error.message, first?.extensions?.['code'] as string | undefined);
  }
  return result.data as T;
}
