import { defineConfig } from 'fathom/sdk';

/**
 * Fathom's configuration. The embedded default keeps its data in ./data/fathom.sqlite; set
 * database.url (or DATABASE_URL) to postgresql://… for PostgreSQL.
 */
export default defineConfig({
  plugins: ['fathom-plugin-example', 'fathom-plugin-peering'],
  pluginsConfig: {
    example: { defaultLocalAsn: 64512 },
  },
});
