import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootApp, createTestDatabase, PROVIDERS, testConfig, type TestApp, type TestDatabase } from '../harness.ts';

const SET = 'mutation($key: String!, $value: String) { setPreference(key: $key, value: $value) { preference { key value } errors { field code message } } }';
const MINE = '{ myPreferences { key value } }';
type Set = { setPreference: { preference: { key: string; value: string } | null; errors: Array<{ field: string; code: string }> } };
type Mine = { myPreferences: Array<{ key: string; value: string }> };

describe.each(PROVIDERS)('user preferences on %s', (provider) => {
  let db: TestDatabase;
  let t: TestApp;
  beforeAll(async () => {
    db = await createTestDatabase(provider, 'prefs');
    t = await bootApp(testConfig(db));
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('keeps each user’s own preferences, unseen by others; null removes one', async () => {
    const ann = await t.user({ username: 'ann' });
    const bob = await t.user({ username: 'bob' });
    const saved = await t.gqlWith<Set>(ann.headers, SET, { key: 'columns.Device', value: '["status","role"]' });
    expect(saved.data?.setPreference).toEqual({ preference: { key: 'columns.Device', value: '["status","role"]' }, errors: [] });
    await t.gqlWith<Set>(ann.headers, SET, { key: 'columns.Device', value: '["platform"]' });
    expect((await t.gqlWith<Mine>(ann.headers, MINE)).data?.myPreferences).toEqual([{ key: 'columns.Device', value: '["platform"]' }]);
    expect((await t.gqlWith<Mine>(bob.headers, MINE)).data?.myPreferences).toEqual([]);
    await t.gqlWith<Set>(ann.headers, SET, { key: 'columns.Device', value: null });
    expect((await t.gqlWith<Mine>(ann.headers, MINE)).data?.myPreferences).toEqual([]);
  });

  it('refuses odd keys, values that are not JSON or too large, keys past the limit, anonymous callers and read-only tokens', async () => {
    const cy = await t.user({ username: 'cy' });
    const refusal = async (key: string, value: string) => (await t.gqlWith<Set>(cy.headers, SET, { key, value })).data?.setPreference.errors.map((e) => `${e.field}:${e.code}`);
    expect(await refusal('../etc/passwd', '1')).toEqual(['key:INVALID']);
    expect(await refusal('a'.repeat(101), '1')).toEqual(['key:INVALID']);
    expect(await refusal('ok', '{not json')).toEqual(['value:INVALID']);
    expect(await refusal('ok', JSON.stringify('x'.repeat(5000)))).toEqual(['value:TOO_LONG']);
    await t.runtime.prisma.userPreference.createMany({ data: Array.from({ length: 200 }, (_, i) => ({ userId: cy.id, key: `k${i}`, value: '1' })) });
    expect(await refusal('one-more', '1')).toEqual(['key:LIMIT']);
    // An existing key can still change at the limit.
    expect(await refusal('k0', '2')).toEqual([]);
    expect(await t.runtime.prisma.userPreference.count({ where: { userId: cy.id } })).toBe(200);

    const anonymous = await t.gqlWith({}, SET, { key: 'x', value: '1' });
    expect(anonymous.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    const reader = await t.user({ username: 'dee', writeEnabled: false });
    const readOnly = await t.gqlWith(reader.headers, SET, { key: 'x', value: '1' });
    expect(readOnly.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    expect(await t.runtime.prisma.userPreference.count({ where: { userId: reader.id } })).toBe(0);
  });
});
