/** The peering plugin's components: it replaces the example plugin's BGP session detail view. */
export const components = {
  SessionDetail: () => import('./SessionDetail.svelte'),
};
