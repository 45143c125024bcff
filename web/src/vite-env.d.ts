/// <reference types="svelte" />
/// <reference types="vite/client" />

declare module 'virtual:fathom-plugins' {
  import type { Component } from 'svelte';
  export const pluginModules: Record<string, () => Promise<{ components: Record<string, () => Promise<{ default: Component<any> }>> }>>;
}
