import type { PothosPrismaDatamodel } from '@pothos/plugin-prisma';
import { describe, expect, it } from 'vitest';
import { insertPlans, insertStatements, rowOf } from './insert.ts';

const field = (name: string, type: string, options: { required?: boolean; default?: boolean; updatedAt?: boolean; kind?: string; list?: boolean } = {}) => ({
  name,
  type,
  kind: options.kind ?? 'scalar',
  isRequired: options.required ?? true,
  isList: options.list ?? false,
  hasDefaultValue: options.default ?? false,
  isUnique: false,
  isId: name === 'id',
  isUpdatedAt: options.updatedAt ?? false,
});

const SCHEMA = `model Plain {
  id       String   @id @default(uuid())
  label    String   @default("a (b) \\"c\\"")
  count    Int      @default(-3)
  ratio    Float?
  on       Boolean  @default(true)
  at       DateTime @default(now())
  touched  DateTime @updatedAt
  note     String?
}

model Other {
  id String @id @default(uuid())
}

model Cuid {
  id String @id @default(cuid())
}

model Counted {
  id Int @id @default(autoincrement())
}

model Later {
  id    String @id @default(uuid())
  state State  @default(OPEN)
}
`;

const dmmf = {
  datamodel: {
    models: {
      Plain: { fields: [field('id', 'String', { default: true }), field('label', 'String', { default: true }), field('count', 'Int', { default: true }), field('ratio', 'Float', { required: false }), field('on', 'Boolean', { default: true }), field('at', 'DateTime', { default: true }), field('touched', 'DateTime', { updatedAt: true }), field('note', 'String', { required: false }), field('others', 'Cuid', { kind: 'object', list: true })] },
      Other: { fields: [field('id', 'String', { default: true })] },
      Cuid: { fields: [field('id', 'String', { default: true })] },
      Counted: { fields: [field('id', 'Int', { default: true })] },
      Later: { fields: [field('id', 'String', { default: true }), field('state', 'State', { kind: 'enum', default: true })] },
      Mapped: { fields: [field('id', 'String', { default: true })] },
    },
  },
} as unknown as PothosPrismaDatamodel;

describe('direct insert plans', () => {
  const plans = insertPlans(dmmf, SCHEMA, new Set(['Plain', 'Other', 'Cuid', 'Counted', 'Later']));

  it('plans only models whose every column the client can fill as Prisma does', () => {
    expect([...plans.keys()]).toEqual(['Plain', 'Other']);
  });

  it('fills what the data leaves out with the declared defaults, one time for the write, and null for optional columns', () => {
    const now = new Date('2026-01-02T03:04:05.678Z');
    const row = rowOf(plans.get('Plain')!, { ratio: 0.5 }, now)!;
    expect(Object.keys(row)).toEqual(['id', 'label', 'count', 'ratio', 'on', 'at', 'touched', 'note']);
    expect(row['id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(row).toMatchObject({ label: 'a (b) "c"', count: -3, ratio: 0.5, on: true, at: now, touched: now, note: null });
  });

  it('refuses data it cannot write as given: relation writes, unknown keys, wrong types, out-of-range integers, a null in a required column', () => {
    const plan = plans.get('Plain')!;
    const now = new Date();
    expect(rowOf(plan, { others: { connect: [{ id: 'x' }] } }, now)).toBeNull();
    expect(rowOf(plan, { nope: 1 }, now)).toBeNull();
    expect(rowOf(plan, { count: '3' }, now)).toBeNull();
    expect(rowOf(plan, { count: 2 ** 31 }, now)).toBeNull();
    expect(rowOf(plan, { ratio: Number.NaN }, now)).toBeNull();
    expect(rowOf(plan, { at: new Date('nonsense') }, now)).toBeNull();
    expect(rowOf(plan, { label: null }, now)).toBeNull();
    expect(rowOf(plan, { label: 'x', note: undefined }, now)).toMatchObject({ label: 'x', note: null });
  });

  it('writes consecutive rows of a model in one INSERT, and every INSERT in one statement on PostgreSQL, every value bound', () => {
    const plan = plans.get('Plain')!;
    const other = plans.get('Other')!;
    const row = rowOf(plan, { label: `'); DROP TABLE "Plain"; --` }, new Date())!;
    const rows = [{ plan, row }, { plan, row }, { plan: other, row: rowOf(other, {}, new Date())! }];
    const [pg, ...more] = insertStatements('postgresql', rows);
    expect(more).toEqual([]);
    expect(pg?.sql).toMatch(/^WITH "w0" AS \(INSERT INTO "Plain" \("id", "label", .*\) VALUES \(\$1, .*\$8\), \(\$9, .*\$16\)\) INSERT INTO "Other" \("id"\) VALUES \(\$17\)$/);
    expect(pg?.params).toHaveLength(17);
    const lite = insertStatements('sqlite', rows);
    expect(lite.map((s) => s.sql)).toEqual([expect.stringMatching(/^INSERT INTO "Plain" .* VALUES \((\?, ){7}\?\), \((\?, ){7}\?\)$/), 'INSERT INTO "Other" ("id") VALUES (?)']);
    // The text travels as a bound value only.
    expect([...lite, pg].some((s) => s?.sql.includes('DROP'))).toBe(false);
    expect([lite[0]?.params, pg?.params].every((params) => params?.includes(`'); DROP TABLE "Plain"; --`))).toBe(true);
  });

  it('splits rows over statements when one would carry more than 30,000 values', () => {
    const plan = plans.get('Plain')!;
    const rows = Array.from({ length: 4000 }, () => ({ plan, row: rowOf(plan, {}, new Date())! }));
    for (const provider of ['postgresql', 'sqlite'] as const) {
      const statements = insertStatements(provider, rows);
      expect(statements.map((s) => s.params.length)).toEqual([30_000, 2_000]);
    }
  });
});
