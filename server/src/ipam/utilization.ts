import DataLoader from 'dataloader';
import { GraphQLError } from 'graphql';
import ipaddr from 'ipaddr.js';
import type { RequestContext } from '../context.ts';
import type { FathomBuilder } from '../schema/builder.ts';
import { systemOf } from '../system.ts';
import { freeBlocks, type Span } from './free-prefixes.ts';

/** The stored range of a prefix: what utilization and the free-address search read. */
export interface PrefixRange {
  id: string;
  ipVersion: number;
  prefixLength: number;
  network: string;
  broadcast: string;
}

export interface Utilization {
  /** Addresses inside the prefix (that the caller may view). */
  addresses: number;
  /** Prefixes inside it, the prefix itself left out (that the caller may view). */
  childPrefixes: number;
  /**
   * Usable addresses: IPv4 leaves out the network and broadcast addresses (except in a /31 or /32), IPv6 the
   * subnet-router anycast address (except in a /127 or /128).
   */
  size: string;
  /** `addresses` over `size`, 0–100. */
  percent: number;
}

/** Most free addresses one request asks for. */
export const MAX_FREE = 256;

const RANGE_SELECT = { id: true, ipVersion: true, prefixLength: true, network: true, broadcast: true } as const;

function bits(version: number): number {
  return version === 4 ? 32 : 128;
}

/** The first and last address a host may take in the prefix, as numbers. */
function usable(p: PrefixRange): { first: bigint; last: bigint } {
  const first = BigInt(`0x${p.network}`);
  const last = BigInt(`0x${p.broadcast}`);
  if (p.ipVersion === 4) return p.prefixLength < 31 ? { first: first + 1n, last: last - 1n } : { first, last };
  return p.prefixLength < 127 ? { first: first + 1n, last } : { first, last };
}

function toAddress(value: bigint, version: number, length: number): string {
  const bytes: number[] = [];
  let rest = value;
  for (let i = 0; i < bits(version) / 8; i += 1) {
    bytes.unshift(Number(rest & 0xffn));
    rest >>= 8n;
  }
  return `${ipaddr.fromByteArray(bytes).toString()}/${length}`;
}

const loaders = new WeakMap<RequestContext, DataLoader<PrefixRange, Utilization>>();

/**
 * One loader per request: a page of prefixes costs two statements, one for the addresses inside any of them and one
 * for the prefixes inside any of them, both through the caller's own (permission-narrowed) client.
 */
function loaderFor(ctx: RequestContext): DataLoader<PrefixRange, Utilization> {
  let loader = loaders.get(ctx);
  if (!loader) {
    loader = new DataLoader<PrefixRange, Utilization>(
      async (prefixes) => {
        const ranges = prefixes.map((p) => ({ ipVersion: p.ipVersion, host: { gte: p.network, lte: p.broadcast } }));
        const [addresses, children] = await Promise.all([
          ctx.prisma.iPAddress.findMany({ where: { OR: ranges }, select: { ipVersion: true, host: true } }),
          ctx.prisma.prefix.findMany({
            where: { OR: prefixes.map((p) => ({ ipVersion: p.ipVersion, network: { gte: p.network }, broadcast: { lte: p.broadcast }, prefixLength: { gt: p.prefixLength } })) },
            select: { ipVersion: true, network: true, broadcast: true, prefixLength: true },
          }),
        ]);
        return prefixes.map((p) => {
          const used = addresses.filter((a) => a.ipVersion === p.ipVersion && a.host >= p.network && a.host <= p.broadcast).length;
          const inside = children.filter((c) => c.ipVersion === p.ipVersion && c.network >= p.network && c.broadcast <= p.broadcast && c.prefixLength > p.prefixLength).length;
          const { first, last } = usable(p);
          const size = last - first + 1n;
          const percent = size > 0n ? Math.min(100, Number((BigInt(used) * 10000n) / size) / 100) : 0;
          return { addresses: used, childPrefixes: inside, size: size.toString(), percent };
        });
      },
      { cache: false },
    );
    loaders.set(ctx, loader);
  }
  return loader;
}

/**
 * The next `count` addresses no address record takes, in order from the start of the prefix. Every address is
 * counted as taken, including those the caller may not view: offering a taken address would be wrong, and the
 * answer shows only that a place is taken, not by what.
 */
export async function nextFreeAddresses(ctx: RequestContext, p: PrefixRange, count: number): Promise<string[]> {
  const { first, last } = usable(p);
  const taken = await systemOf(ctx).rootPrisma.iPAddress.findMany({
    where: { ipVersion: p.ipVersion, host: { gte: p.network, lte: p.broadcast } },
    select: { host: true },
    orderBy: { host: 'asc' },
  });
  const used = new Set(taken.map((t) => BigInt(`0x${t.host}`)));
  const free: string[] = [];
  for (let value = first; value <= last && free.length < count; value += 1n) {
    if (!used.has(value)) free.push(toAddress(value, p.ipVersion, p.prefixLength));
  }
  return free;
}

const childLoaders = new WeakMap<RequestContext, DataLoader<PrefixRange, Span[]>>();

/**
 * The ranges the prefixes inside each prefix take, for a page of prefixes in one statement. Every prefix counts,
 * including those the caller may not view, as for free addresses: a block someone holds is not free.
 */
function childSpans(ctx: RequestContext): DataLoader<PrefixRange, Span[]> {
  let loader = childLoaders.get(ctx);
  if (!loader) {
    loader = new DataLoader<PrefixRange, Span[]>(
      async (prefixes) => {
        const children = await systemOf(ctx).rootPrisma.prefix.findMany({
          where: { OR: prefixes.map((p) => ({ ipVersion: p.ipVersion, network: { gte: p.network }, broadcast: { lte: p.broadcast }, prefixLength: { gt: p.prefixLength } })) },
          select: { ipVersion: true, network: true, broadcast: true, prefixLength: true },
        });
        return prefixes.map((p) =>
          children
            .filter((c) => c.ipVersion === p.ipVersion && c.network >= p.network && c.broadcast <= p.broadcast && c.prefixLength > p.prefixLength)
            .map((c) => ({ first: BigInt(`0x${c.network}`), last: BigInt(`0x${c.broadcast}`) })),
        );
      },
      { cache: false },
    );
    childLoaders.set(ctx, loader);
  }
  return loader;
}

/** The next `count` blocks of `length` inside the prefix that no prefix inside it takes, as CIDR text. */
export async function nextFreePrefixes(ctx: RequestContext, p: PrefixRange, length: number, count: number): Promise<string[]> {
  if (length <= p.prefixLength || length > bits(p.ipVersion) || count <= 0) return [];
  const taken = await childSpans(ctx).load(p);
  const parent = { first: BigInt(`0x${p.network}`), last: BigInt(`0x${p.broadcast}`) };
  return freeBlocks(parent, bits(p.ipVersion), length, taken, count).map((block) => toAddress(block, p.ipVersion, length));
}

/** `utilization`, `nextFreeAddresses(count)` and `nextFreePrefixes(length, count)` on `Prefix`. */
export function addPrefixUtilization(builder: FathomBuilder): void {
  const utilization = builder.objectRef<Utilization>('PrefixUtilization').implement({
    description: 'How much of a prefix is in use, counted over what the caller may view.',
    fields: (t) => ({
      addresses: t.exposeInt('addresses', { description: 'IP addresses inside the prefix.' }),
      childPrefixes: t.exposeInt('childPrefixes', { description: 'Prefixes inside the prefix (itself left out).' }),
      size: t.exposeString('size', { description: 'Usable addresses (a decimal string: IPv6 sizes pass 2^53).' }),
      percent: t.exposeFloat('percent', { description: 'Addresses over size, 0–100, to two decimals.' }),
    }),
  });
  builder.prismaObjectField('Prefix', 'utilization', (t) =>
    t.field({ type: utilization, select: RANGE_SELECT, resolve: (prefix, _args, ctx) => loaderFor(ctx).load(prefix as PrefixRange) }),
  );
  builder.prismaObjectField('Prefix', 'nextFreeAddresses', (t) =>
    t.stringList({
      description: `The next addresses (up to ${MAX_FREE}) that no IP address takes, in the prefix's length: what to assign next.`,
      select: RANGE_SELECT,
      args: { count: t.arg.int({ required: false, defaultValue: 1 }) },
      resolve: (prefix, args, ctx) => nextFreeAddresses(ctx, prefix as PrefixRange, Math.max(0, Math.min(MAX_FREE, args.count ?? 1))),
    }),
  );
  builder.prismaObjectField('Prefix', 'nextFreePrefixes', (t) =>
    t.stringList({
      description: `The next blocks (up to ${MAX_FREE}) of prefix length \`length\` inside the prefix that no prefix inside it takes, in address order: where to carve the next subnet. Empty when the prefix cannot hold that length.`,
      select: RANGE_SELECT,
      args: { length: t.arg.int({ required: true }), count: t.arg.int({ required: false, defaultValue: 1 }) },
      resolve: (prefix, args, ctx) => {
        if (args.length < 0 || args.length > 128) throw new GraphQLError('length must be between 0 and 128.', { extensions: { code: 'BAD_USER_INPUT' } });
        return nextFreePrefixes(ctx, prefix as PrefixRange, args.length, Math.max(0, Math.min(MAX_FREE, args.count ?? 1)));
      },
    }),
  );
}
