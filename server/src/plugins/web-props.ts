/**
 * What the web app hands a plugin's Svelte component, besides the props its slot or page gives it (`props` of a
 * `component` slot content; `params` on pages and replaced views).
 */
export interface PluginComponentProps {
  /** Run a GraphQL operation as the logged-in user; the result is the operation's `data`. Errors are thrown. */
  gql: <T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>) => Promise<T>;
}
