import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';

/** A small deterministic PRNG (mulberry32), so that a failing seed can be replayed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Marker a template gadget would write if a template could reach the host; the fuzz run checks it never appears. */
export const PWNED_MARKER = '/tmp/fathom-fuzz-pwned';

const STRINGS = [
  '', 'a', 'Site A', 'site-a-r000', 'x'.repeat(300), '10.0.0.0/8', '2001:db8::/32', '192.0.2.1', "'; DROP TABLE \"Device\"; --", '%', '_', '\\u0000', 'dcim.device', '{"name":"x"}', 'ASC',
  // Templates from the review: constructor gadgets, unbounded loops, memory bombs.
  `{{ range.constructor("return process.getBuiltinModule('fs').writeFileSync('${PWNED_MARKER}', 'x')")() }}`,
  '{{ cycler.constructor("return process")().env }}',
  '{% for d in queryset %}{{ d.constructor }}{{ d.name }}{% endfor %}',
  '{% for i in range(100000) %}{% for j in range(100000) %}{{ i }}{% endfor %}{% endfor %}',
  '{{ "x" * 4000000000 }}',
  'fuzz-devices',
  // LIKE patterns and oversized text.
  '%_%_%_%_%_%_%_%_%_%_%_%_%_%_%_%_%_%_%_%_%_%_%_%_%_%_%_%_%_%_%_%_%_%_%_%_%_%_%_%_%_%_%_%_%_%_%',
  `${'%a'.repeat(60)}`,
  'x'.repeat(70_000),
];
const INTS = [-1, 0, 1, 2, 5, 100, 1001, 4094, 2147483647];

export interface Generated {
  text: string;
  kind: 'query' | 'mutation';
  invalid: boolean;
}

/**
 * Random operations from a schema: valid ones (arguments of the right types, drawn from a pool of tricky values
 * and known ids) and, now and then, invalid ones (wrong literal types, unknown fields, missing arguments).
 * Every object selection asks for `__typename` and `id`, so that responses can be checked for leaks.
 */
export class OperationGenerator {
  constructor(
    private readonly schema: GraphQLSchema,
    private readonly random: () => number,
    private readonly ids: readonly string[],
    /** Root fields to pick more often (a third of the time), e.g. the lists whose permissions are under test. */
    private readonly focus: readonly string[] = [],
  ) {}

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)] as T;
  }

  private chance(p: number): boolean {
    return this.random() < p;
  }

  value(type: GraphQLInputType, depth = 0): string {
    if (isNonNullType(type)) return this.value(type.ofType, depth);
    if (!isNonNullType(type) && this.chance(0.05)) return 'null';
    if (isListType(type)) {
      // Now and then a list past the filter limit.
      const n = this.chance(0.02) ? 1001 : Math.floor(this.random() * 3);
      return `[${Array.from({ length: n }, () => this.value(type.ofType, depth + 1)).join(', ')}]`;
    }
    if (isEnumType(type)) return this.pick(type.getValues()).name;
    if (isInputObjectType(type)) {
      if (depth > 3) return '{}';
      const fields = Object.values(type.getFields()).filter((f) => isNonNullType(f.type) || this.chance(0.4));
      return `{ ${fields.map((f) => `${f.name}: ${this.value(f.type, depth + 1)}`).join(', ')} }`;
    }
    if (isScalarType(type)) {
      switch (type.name) {
        case 'ID':
          return JSON.stringify(this.ids.length > 0 && this.chance(0.7) ? this.pick(this.ids) : this.pick(STRINGS));
        case 'Int':
          return String(this.pick(INTS));
        case 'Float':
          return String(this.pick(INTS) / 3);
        case 'Boolean':
          return this.chance(0.5) ? 'true' : 'false';
        case 'DateTime':
          return JSON.stringify(this.pick(['2030-01-01T00:00:00Z', '2000-01-01T00:00:00Z', 'not a date']));
        default:
          return JSON.stringify(this.pick(STRINGS));
      }
    }
    return 'null';
  }

  private args(args: readonly GraphQLArgument[]): string {
    const chosen = args.filter((a) => isNonNullType(a.type) || this.chance(0.5));
    if (chosen.length === 0) return '';
    return `(${chosen.map((a) => `${a.name}: ${this.value(a.type)}`).join(', ')})`;
  }

  selection(type: GraphQLObjectType, depth: number): string {
    const fields = Object.values(type.getFields());
    const parts = new Set<string>(['__typename']);
    if ('id' in type.getFields()) parts.add('id');
    const count = 1 + Math.floor(this.random() * 4);
    for (let i = 0; i < count; i += 1) {
      const field = this.pick(fields);
      const rendered = this.field(field, depth + 1);
      if (rendered) parts.add(rendered);
    }
    return `{ ${[...parts].join(' ')} }`;
  }

  private field(field: GraphQLField<unknown, unknown>, depth: number): string | undefined {
    const named = getNamedType(field.type);
    const args = this.args(field.args);
    if (isObjectType(named) || isInterfaceType(named)) {
      if (depth > 4 || !isObjectType(named)) return undefined;
      return `${field.name}${args} ${this.selection(named, depth)}`;
    }
    return `${field.name}${args}`;
  }

  operation(): Generated {
    const kind = this.chance(0.75) ? 'query' : 'mutation';
    const root = kind === 'query' ? this.schema.getQueryType() : this.schema.getMutationType();
    if (!root) return { text: '{ __typename }', kind: 'query', invalid: false };
    const fields = root.getFields();
    const focused = this.focus.filter((name) => name in fields);
    const field = kind === 'query' && focused.length > 0 && this.chance(0.33) ? fields[this.pick(focused)] : this.pick(Object.values(fields));
    if (!field) return { text: '{ __typename }', kind: 'query', invalid: false };
    let body = this.field(field, 0) ?? field.name;
    let invalid = false;
    if (this.chance(0.1)) {
      invalid = true;
      const mutation = this.pick(['unknown-field', 'wrong-type', 'drop-args'] as const);
      if (mutation === 'unknown-field') body = body.replace('__typename', '__typename noSuchField');
      else if (mutation === 'wrong-type') body = body.replace(/: ("[^"]*"|\d+|true|false)/, ': { nested: 1 }');
      else body = body.replace(/\(.*?\)/, '');
    }
    void getNullableType;
    return { text: `${kind} ${'{'} ${body} }`, kind, invalid };
  }
}
