// PostGraphile v5 over a database Fathom migrated, as the bench's peer: the amber preset, the `public` schema, Node's
// HTTP server. Usage: node server.mjs <connection string>; prints the address it serves on.
import { createServer } from 'node:http';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';

const connectionString = process.argv[2];
if (!connectionString) throw new Error('usage: node server.mjs <connection string>');
const pgl = postgraphile({
  extends: [PostGraphileAmberPreset],
  pgServices: [makePgService({ connectionString, schemas: ['public'] })],
  grafserv: { graphqlPath: '/graphql', graphiql: false },
});
const serv = pgl.createServ(grafserv);
const server = createServer();
serv.addTo(server).catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`PostGraphile serving at http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/graphql\n`);
});
