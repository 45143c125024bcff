import DataLoader from 'dataloader';
import type { PrismaClient, RequestContext } from '../context.ts';
import type { FieldError } from '../errors.ts';
import type { DirectoryEntry, PeersInput, RelationshipHooks } from '../schema/features.ts';
import { delegateFor, type Where } from '../schema/model-spec.ts';
import { systemOf } from '../system.ts';

/** The kinds of relationship, as Nautobot names them. Symmetric ones link objects of one content type, without direction. */
export const RELATIONSHIP_TYPES = ['one-to-one', 'one-to-many', 'many-to-many', 'symmetric-one-to-one', 'symmetric-many-to-many'] as const;

/** Where an object stands in a relationship: its source end, its destination end, or either end of a symmetric one. */
export type Side = 'source' | 'destination' | 'peer';

export interface RelationshipDefinition {
  id: string;
  key: string;
  label: string;
  type: string;
  sourceType: string;
  sourceLabel: string;
  sourceHidden: boolean;
  destinationType: string;
  destinationLabel: string;
  destinationHidden: boolean;
  requiredOn: string;
}

interface Association {
  relationshipId: string;
  sourceType: string;
  sourceId: string;
  destinationType: string;
  destinationId: string;
}

/** One relationship as one object sees it: the label on its side and the peers the caller may view. */
export interface RelatedObjects {
  key: string;
  label: string;
  type: string;
  side: Side;
  peerContentType: string;
  peerModel: string | null;
  required: boolean;
  peers: Array<{ id: string; display: string }>;
}

/** Most peers one write may set for one relationship. */
export const MAX_PEERS = 1000;

export const isSymmetric = (r: Pick<RelationshipDefinition, 'type'>) => r.type.startsWith('symmetric-');

/** The sides an object of the content type stands on (two for a directed relationship from a type to itself). */
export function sidesOf(r: RelationshipDefinition, contentType: string): Side[] {
  if (isSymmetric(r)) return r.sourceType === contentType ? ['peer'] : [];
  return [...(r.sourceType === contentType ? (['source'] as const) : []), ...(r.destinationType === contentType ? (['destination'] as const) : [])];
}

const peerTypeOf = (r: RelationshipDefinition, side: Side) => (side === 'destination' ? r.sourceType : r.destinationType);
const hiddenOn = (r: RelationshipDefinition, side: Side) => (side === 'destination' ? r.destinationHidden : r.sourceHidden);
const labelOn = (r: RelationshipDefinition, side: Side) => (side === 'destination' ? r.destinationLabel : r.sourceLabel) || r.label;
const requiredOn = (r: RelationshipDefinition, side: Side) => !isSymmetric(r) && r.requiredOn === side;
/** An object on this side has at most one peer. */
const onePeer = (r: RelationshipDefinition, side: Side) => r.type === 'one-to-one' || r.type === 'symmetric-one-to-one' || (r.type === 'one-to-many' && side === 'destination');
/** A peer has at most one object on this side. */
const onePerPeer = (r: RelationshipDefinition, side: Side) => r.type === 'one-to-one' || r.type === 'symmetric-one-to-one' || (r.type === 'one-to-many' && side === 'source');

/** The peer at the other end of an association, seen from the object on `side`, or null when the association is not the object's. */
function peerOf(a: Association, r: RelationshipDefinition, side: Side, contentType: string, objectId: string): string | null {
  if (a.relationshipId !== r.id) return null;
  if (side === 'source') return a.sourceType === contentType && a.sourceId === objectId ? a.destinationId : null;
  if (side === 'destination') return a.destinationType === contentType && a.destinationId === objectId ? a.sourceId : null;
  return a.sourceId === objectId ? a.destinationId : a.destinationId === objectId ? a.sourceId : null;
}

/** The association linking the object to a peer, written one way only (a symmetric pair in id order). */
function associationOf(r: RelationshipDefinition, side: Side, contentType: string, objectId: string, peerId: string): Association {
  if (side === 'source') return { relationshipId: r.id, sourceType: contentType, sourceId: objectId, destinationType: r.destinationType, destinationId: peerId };
  if (side === 'destination') return { relationshipId: r.id, sourceType: r.sourceType, sourceId: peerId, destinationType: contentType, destinationId: objectId };
  const [a, b] = objectId < peerId ? [objectId, peerId] : [peerId, objectId];
  return { relationshipId: r.id, sourceType: contentType, sourceId: a, destinationType: contentType, destinationId: b };
}

/** Associations touching any of the objects, in the given relationships. */
function touching(prisma: PrismaClient, relationships: readonly RelationshipDefinition[], contentType: string, ids: readonly string[]): Promise<Association[]> {
  return prisma.relationshipAssociation.findMany({
    where: { relationshipId: { in: relationships.map((r) => r.id) }, OR: [{ sourceType: contentType, sourceId: { in: [...ids] } }, { destinationType: contentType, destinationId: { in: [...ids] } }] },
    select: { relationshipId: true, sourceType: true, sourceId: true, destinationType: true, destinationId: true },
  });
}

/** The label a peer is shown with: its display field, after its context (`nyc1-cr01 › xe-0/1/0`) when its model has one. */
function displaySelect(entry: DirectoryEntry): Record<string, unknown> {
  return { id: true, [entry.display]: true, ...(entry.context ? { [entry.context.relation]: { select: { [entry.context.display]: true } } } : {}) };
}
function displayOf(entry: DirectoryEntry, row: Record<string, unknown>): string {
  const own = String(row[entry.display] ?? row['id']);
  const parent = entry.context ? (row[entry.context.relation] as Record<string, unknown> | null | undefined)?.[entry.context.display] : undefined;
  return parent === undefined || parent === null ? own : `${String(parent)} › ${own}`;
}

/** Of these ids of one content type, the objects the caller may view, with their labels. */
async function visiblePeers(ctx: RequestContext, contentType: string, ids: readonly string[]): Promise<Map<string, string>> {
  const entry = systemOf(ctx).models.byContentType(contentType);
  if (!entry || ids.length === 0 || !ctx.auth.permissions.can(entry.model, 'view')) return new Map();
  const rows = await delegateFor(ctx, entry.model).findMany({ where: { id: { in: [...ids] } }, select: displaySelect(entry) });
  return new Map(rows.map((row) => [String(row['id']), displayOf(entry, row)]));
}

/** The relationships objects of the content type stand in, without peers: what a create form offers. */
export async function sidesFor(ctx: RequestContext, contentType: string): Promise<RelatedObjects[]> {
  const system = systemOf(ctx);
  const relationships = await system.definitions.relationships(contentType);
  return relationships.flatMap((r) =>
    sidesOf(r, contentType)
      .filter((side) => !hiddenOn(r, side))
      .map((side) => ({ key: r.key, label: labelOn(r, side), type: r.type, side, peerContentType: peerTypeOf(r, side), peerModel: system.models.byContentType(peerTypeOf(r, side))?.model ?? null, required: requiredOn(r, side), peers: [] })),
  );
}

const loaders = new WeakMap<RequestContext, Map<string, DataLoader<string, RelatedObjects[]>>>();

/**
 * One loader per request and content type: a list of objects costs one statement for their associations and one
 * per peer content type (the definitions are cached), whatever its length.
 */
export function relatedLoader(ctx: RequestContext, contentType: string): DataLoader<string, RelatedObjects[]> {
  let perRequest = loaders.get(ctx);
  if (!perRequest) loaders.set(ctx, (perRequest = new Map()));
  let loader = perRequest.get(contentType);
  if (loader) return loader;
  loader = new DataLoader<string, RelatedObjects[]>(
    async (ids) => {
      const system = systemOf(ctx);
      const relationships = await system.definitions.relationships(contentType);
      const shown = relationships.flatMap((r) => sidesOf(r, contentType).filter((side) => !hiddenOn(r, side)).map((side) => ({ r, side })));
      if (shown.length === 0) return ids.map(() => []);
      const associations = await touching(system.rootPrisma, relationships, contentType, ids);
      const wanted = new Map<string, Set<string>>();
      // Each object looks only at the links that name it, not at every link of the page.
      const byObject = new Map<string, Association[]>();
      for (const a of associations) for (const end of new Set([a.sourceId, a.destinationId])) byObject.set(end, [...(byObject.get(end) ?? []), a]);
      const peersOf = ids.map((id) =>
        shown.map(({ r, side }) => {
          const peers = (byObject.get(id) ?? []).map((a) => peerOf(a, r, side, contentType, id)).filter((p): p is string => p !== null);
          const set = wanted.get(peerTypeOf(r, side)) ?? new Set<string>();
          for (const p of peers) set.add(p);
          wanted.set(peerTypeOf(r, side), set);
          return peers;
        }),
      );
      const visible = new Map(await Promise.all([...wanted].map(async ([type, set]) => [type, await visiblePeers(ctx, type, [...set])] as const)));
      return ids.map((_id, i) =>
        shown.map(({ r, side }, j) => {
          const labels = visible.get(peerTypeOf(r, side)) ?? new Map<string, string>();
          const peers = (peersOf[i]?.[j] ?? []).filter((p) => labels.has(p)).map((p) => ({ id: p, display: labels.get(p) ?? p }));
          return {
            key: r.key,
            label: labelOn(r, side),
            type: r.type,
            side,
            peerContentType: peerTypeOf(r, side),
            peerModel: system.models.byContentType(peerTypeOf(r, side))?.model ?? null,
            required: requiredOn(r, side),
            peers: peers.sort((a, b) => a.display.localeCompare(b.display)),
          };
        }),
      );
    },
    { cache: false },
  );
  perRequest.set(contentType, loader);
  return loader;
}


/** A checked entry: what to write once the object exists. */
interface Planned {
  r: RelationshipDefinition;
  side: Side;
  peerIds: string[];
}

/**
 * Check a write's `relationships` input before anything is written: each relationship applies to the object's
 * content type, the side is clear, the peers exist and the caller may view them, and the counts fit the
 * relationship's kind (and its required side). Returns the field errors and the save to run in the write's
 * transaction.
 */
export async function checkPeers(ctx: RequestContext, contentType: string, input: readonly PeersInput[] | null | undefined, existing: { id: string } | null): Promise<{ errors: FieldError[]; save: (txCtx: RequestContext, objectId: string) => Promise<void> }> {
  const system = systemOf(ctx);
  const relationships = await system.definitions.relationships(contentType);
  const errors: FieldError[] = [];
  const planned: Planned[] = [];
  const given = input ?? [];
  for (const item of given) {
    const field = `relationships.${item.key}`;
    const r = relationships.find((d) => d.key === item.key);
    const sides = r ? sidesOf(r, contentType) : [];
    if (!r || sides.length === 0) {
      errors.push({ field, code: 'NOT_FOUND', message: `No relationship "${item.key}" applies to ${contentType}.` });
      continue;
    }
    const side = item.side ? sides.find((s) => s === item.side) : sides.length === 1 ? sides[0] : undefined;
    if (!side) {
      errors.push({ field, code: 'INVALID', message: item.side ? `"${item.key}" has no ${item.side} side for ${contentType}; use ${sides.join(' or ')}.` : `Objects of ${contentType} stand on both sides of "${item.key}"; say which with side (source or destination).` });
      continue;
    }
    if (planned.some((p) => p.r.id === r.id && p.side === side)) {
      errors.push({ field, code: 'INVALID', message: `"${item.key}" is given twice.` });
      continue;
    }
    const peerIds = [...new Set(item.peerIds.map(String))];
    const label = labelOn(r, side);
    if (peerIds.length > MAX_PEERS) errors.push({ field, code: 'INVALID', message: `At most ${MAX_PEERS} peers per relationship in one write.` });
    else if (onePeer(r, side) && peerIds.length > 1) errors.push({ field, code: 'INVALID', message: `${label}: at most one (the relationship is ${r.type}).` });
    else if (existing && isSymmetric(r) && peerIds.includes(existing.id)) errors.push({ field, code: 'INVALID', message: `${label}: an object cannot be linked to itself.` });
    else if (requiredOn(r, side) && peerIds.length === 0) errors.push({ field, code: 'REQUIRED', message: `${label} is required.` });
    else planned.push({ r, side, peerIds });
  }
  if (!existing) {
    for (const r of relationships) {
      for (const side of sidesOf(r, contentType)) {
        if (requiredOn(r, side) && !given.some((g) => g.key === r.key)) errors.push({ field: `relationships.${r.key}`, code: 'REQUIRED', message: `${labelOn(r, side)} is required.` });
      }
    }
  }
  for (const { r, side, peerIds } of planned) {
    const field = `relationships.${r.key}`;
    const peerType = peerTypeOf(r, side);
    const visible = await visiblePeers(ctx, peerType, peerIds);
    const missing = peerIds.filter((p) => !visible.has(p));
    if (missing.length > 0) {
      errors.push({ field, code: 'NOT_FOUND', message: `No ${peerType} with id ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? '…' : ''} that you may view.` });
      continue;
    }
    if (!onePerPeer(r, side) || peerIds.length === 0) continue;
    // A peer that may have only one object on this side must not have another one already.
    const otherSide: Side = side === 'source' ? 'destination' : side === 'destination' ? 'source' : 'peer';
    const links = await touching(system.rootPrisma, [r], peerType, peerIds);
    const taken = (other: string | null) => other !== null && other !== existing?.id;
    const takenPeer = peerIds.find((p) => links.some((a) => taken(peerOf(a, r, otherSide, peerType, p))));
    if (takenPeer) errors.push({ field, code: 'UNIQUE', message: `${visible.get(takenPeer) ?? takenPeer} is already linked to another object through "${r.key}" (${r.type}).` });
  }
  return {
    errors,
    save: async (txCtx, objectId) => {
      for (const { r, side, peerIds } of planned) await replacePeers(txCtx, r, side, contentType, objectId, peerIds);
    },
  };
}

/** Make the object's peers in one relationship exactly `peerIds`, leaving links to peers the caller cannot view as they are. */
async function replacePeers(txCtx: RequestContext, r: RelationshipDefinition, side: Side, contentType: string, objectId: string, peerIds: readonly string[]): Promise<void> {
  const current = (await touching(txCtx.prisma, [r], contentType, [objectId])).map((a) => peerOf(a, r, side, contentType, objectId)).filter((p): p is string => p !== null);
  const wanted = new Set(peerIds);
  const visible = await visiblePeers(txCtx, peerTypeOf(r, side), current);
  const remove = current.filter((p) => !wanted.has(p) && visible.has(p));
  const add = peerIds.filter((p) => !current.includes(p));
  if (remove.length > 0) {
    await txCtx.prisma.relationshipAssociation.deleteMany({ where: { OR: remove.map((p) => associationOf(r, side, contentType, objectId, p)) } });
  }
  if (add.length > 0) await txCtx.prisma.relationshipAssociation.createMany({ data: add.map((p) => associationOf(r, side, contentType, objectId, p)) });
}

/** Remove every link of an object, in the transaction that deletes it. */
export async function forgetObject(txCtx: RequestContext, contentType: string, objectId: string): Promise<void> {
  await txCtx.prisma.relationshipAssociation.deleteMany({ where: { OR: [{ sourceType: contentType, sourceId: objectId }, { destinationType: contentType, destinationId: objectId }] } });
}

/** The `relationships` list filter: objects linked to any of the given peers through each named relationship. */
export async function relatedWhere(ctx: RequestContext, contentType: string, filters: ReadonlyArray<{ key: string; peerIds: readonly string[] }>): Promise<Where> {
  const system = systemOf(ctx);
  const relationships = await system.definitions.relationships(contentType);
  const and: Where[] = [];
  for (const filter of filters) {
    const r = relationships.find((d) => d.key === filter.key);
    if (!r) {
      and.push({ id: { in: [] } });
      continue;
    }
    const ids = new Set<string>();
    for (const side of sidesOf(r, contentType)) {
      const peerType = peerTypeOf(r, side);
      // The peers, from their own side: an object is linked when a peer's association names it.
      const back: Side = side === 'source' ? 'destination' : side === 'destination' ? 'source' : 'peer';
      const peers = new Set(filter.peerIds);
      for (const a of await touching(system.rootPrisma, [r], peerType, filter.peerIds)) {
        // A link names a given peer at one of its two ends.
        for (const object of [a.sourceId, a.destinationId].filter((p) => peers.has(p)).map((p) => peerOf(a, r, back, peerType, p))) if (object !== null) ids.add(object);
      }
    }
    and.push({ id: { in: [...ids] } });
  }
  return and.length === 0 ? {} : { AND: and };
}

/** What the model API calls for objects that take relationships. */
export const RELATIONSHIP_HOOKS: RelationshipHooks = { check: checkPeers, forget: forgetObject, where: relatedWhere };
