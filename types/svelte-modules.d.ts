// Plugins list their Svelte components in web/index.ts; the server's type check only needs to know they exist.
declare module '*.svelte' {
  import type { Component } from 'svelte';
  const component: Component<Record<string, unknown>>;
  export default component;
}
