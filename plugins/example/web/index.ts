/**
 * The example plugin's Svelte components, loaded lazily by the web UI when a page or slot names them.
 * Each component receives `gql(query, variables)` (runs as the logged-in user) and its own props.
 */
export const components = {
  SessionList: () => import('./SessionList.svelte'),
  DeviceSessions: () => import('./DeviceSessions.svelte'),
};
