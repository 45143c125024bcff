import { bootApp, createTestDatabase, testConfig, type TestApp } from '../harness.ts';
import { buildDevices } from '../fixtures/network.ts';
import { existsSync, rmSync } from 'node:fs';
import { OperationGenerator, PWNED_MARKER, rng } from './generate.ts';
import type { DatabaseProvider } from '../../server/src/config/config.ts';

export interface Finding {
  kind: 'crash' | 'unmasked' | 'leak' | 'http';
  who: string;
  operation: string;
  detail: string;
}

const INTERNAL_HINTS = [/prisma/i, /Invalid `/, /\n\s+at /, /SQLITE/, /duplicate key/, /relation ".*" does not exist/];

/** Walk a response and call `visit` for every object that names its type. */
function walk(value: unknown, visit: (obj: Record<string, unknown>) => void): void {
  if (Array.isArray(value)) for (const v of value) walk(v, visit);
  else if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if (typeof obj['__typename'] === 'string') visit(obj);
    for (const v of Object.values(obj)) walk(v, visit);
  }
}

/**
 * Send `count` random operations (valid and invalid) as an anonymous caller, a user whose view of devices is
 * constrained to one site, and a superuser. Reports crashes (unexpected errors), internal details leaking into
 * error messages, and objects a caller must not see.
 */
export async function fuzz(options: { count: number; seed: number; provider: DatabaseProvider }): Promise<{ findings: Finding[]; sent: number; devicesSeenByLimited: number; errors: number }> {
  const db = await createTestDatabase(options.provider, 'fuzz');
  let t: TestApp | undefined;
  try {
    t = await bootApp(testConfig(db));
    const siteA = await buildDevices(t.runtime.prisma, 3, 2, 'Site A');
    const siteB = await buildDevices(t.runtime.prisma, 3, 2, 'Site B');
    await t.runtime.prisma.exampleBgpSession.create({ data: { name: 'hidden', localAsn: 1, remoteAsn: 2, remoteAddress: '192.0.2.1', deviceId: siteB.deviceIds[0] ?? '' } });
    const limited = await t.user({
      username: 'fuzz-limited',
      permissions: [{ actions: ['view'], contentTypes: ['dcim.device'], constraints: { location: { name: 'Site A' } } }],
    });
    const author = await t.user({
      username: 'fuzz-author',
      permissions: [
        { actions: ['view', 'add', 'change'], contentTypes: ['extras.exporttemplate'] },
        { actions: ['view'], contentTypes: ['dcim.device'], constraints: { location: { name: 'Site A' } } },
      ],
    });
    await t.runtime.prisma.exportTemplate.create({ data: { name: 'fuzz-devices', contentType: 'dcim.device', template: '{% for d in queryset %}{{ d.name }} {{ d.location.name }}\n{% endfor %}' } });
    rmSync(PWNED_MARKER, { force: true });
    const allowedDevices = new Set(siteA.deviceIds);
    const ids = [...siteA.deviceIds, ...siteB.deviceIds, siteA.siteId, siteB.siteId, siteA.statusId];
    const random = rng(options.seed);
    const generator = new OperationGenerator(t.runtime.composed.schema, random, ids, ['devices', 'device', 'locations', 'location', 'exampleBgpSessions', 'interfaces', 'ipAddresses', 'renderExportTemplate']);
    const callers: Array<{ who: string; headers: Record<string, string>; mutations: boolean }> = [
      { who: 'anonymous', headers: {}, mutations: true },
      { who: 'limited', headers: limited.headers, mutations: true },
      { who: 'author', headers: author.headers, mutations: true },
      { who: 'superuser', headers: { authorization: `Token ${t.adminToken}` }, mutations: false },
    ];
    const models = new Set(Object.keys(t.runtime.dmmf.datamodel.models));
    const findings: Finding[] = [];
    let sent = 0;
    let devicesSeenByLimited = 0;
    let errors = 0;
    for (let i = 0; i < options.count; i += 1) {
      const caller = callers[i % callers.length];
      if (!caller) continue;
      const op = generator.operation();
      if (op.kind === 'mutation' && !caller.mutations) continue;
      sent += 1;
      const res = await t.gqlWith(caller.headers, op.text);
      const report = (kind: Finding['kind'], detail: string) => findings.push({ kind, who: caller.who, operation: op.text, detail });
      if (res.response.status >= 500) report('http', `HTTP ${res.response.status}`);
      if (res.errors?.length) errors += 1;
      for (const error of res.errors ?? []) {
        if (error.extensions?.['code'] === 'INTERNAL_SERVER_ERROR' || error.message === 'Unexpected error.') report('crash', error.message);
        if (INTERNAL_HINTS.some((hint) => hint.test(error.message))) report('unmasked', error.message.slice(0, 300));
      }
      if (caller.who === 'superuser') continue;
      walk(res.data, (obj) => {
        if (obj['__typename'] === 'RenderedExport' && /site-b|process|\[object|function/i.test(String(obj['output'] ?? ''))) report('leak', `an export showed ${String(obj['output']).slice(0, 80)}`);
        if (caller.who === 'anonymous' && models.has(String(obj['__typename']))) report('leak', `anonymous saw a ${String(obj['__typename'])}`);
        if (obj['__typename'] === 'Device' && caller.who === 'limited') devicesSeenByLimited += 1;
        if (obj['__typename'] === 'Device' && typeof obj['id'] === 'string' && !allowedDevices.has(obj['id'])) report('leak', `saw device ${obj['id']} outside its constraint`);
        if (obj['__typename'] === 'ExampleBgpSession' || obj['__typename'] === 'Interface' || obj['__typename'] === 'IPAddress') {
          report('leak', `saw a ${String(obj['__typename'])} without permission`);
        }
      });
    }
    // Page sizes in variables: the cost estimate must see them, whatever they are.
    const NESTED = 'query($a: Int, $b: Int) { devices(first: $a) { edges { node { __typename id location { devices(first: $b) { edges { node { __typename id } } } } } } } }';
    const sizes = [-5, 0, 1, 3, 50, 999, 1000, 5000, 2147483647];
    for (let i = 0; i < Math.ceil(options.count / 20); i += 1) {
      const caller = callers[i % 2 === 0 ? 1 : 2] ?? callers[1];
      if (!caller) continue;
      const variables = { a: sizes[Math.floor(random() * sizes.length)], b: sizes[Math.floor(random() * sizes.length)] };
      sent += 1;
      const res = await t.gqlWith(caller.headers, NESTED, variables);
      const op = `${NESTED} ${JSON.stringify(variables)}`;
      if (res.response.status >= 500) findings.push({ kind: 'http', who: caller.who, operation: op, detail: `HTTP ${res.response.status}` });
      for (const error of res.errors ?? []) if (error.extensions?.['code'] === 'INTERNAL_SERVER_ERROR') findings.push({ kind: 'crash', who: caller.who, operation: op, detail: error.message });
      const rows = (JSON.stringify(res.data ?? {}).match(/"Device"/g) ?? []).length;
      if (rows > 1000 * 2) findings.push({ kind: 'leak', who: caller.who, operation: op, detail: `${rows} devices came back past the cost limit` });
    }
    if (existsSync(PWNED_MARKER)) findings.push({ kind: 'leak', who: 'author', operation: 'a template', detail: `a template wrote ${PWNED_MARKER}` });
    return { findings, sent, devicesSeenByLimited, errors };
  } finally {
    await t?.close();
    await db.drop();
  }
}
