// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- Vite's ambient types for .svelte imports
/// <reference types="svelte" />
/// <reference types="vite/client" />

declare module 'virtual:fathom-plugins' {
  import type { Component } from 'svelte';
  export const pluginModules: Record<string, () => Promise<{ components: Record<string, () => Promise<{ default: Component<Record<string, unknown>> }>> }>>;
}
