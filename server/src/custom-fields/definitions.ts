import { EpochCache, type Epoch } from '../cache/epoch.ts';
import type { PrismaClient } from '../db/client.ts';

type CustomFieldDefinition = Awaited<ReturnType<PrismaClient['customField']['findMany']>>[number];
type RelationshipDefinition = Awaited<ReturnType<PrismaClient['relationship']['findMany']>>[number];
type ComputedFieldDefinition = Awaited<ReturnType<PrismaClient['computedField']['findMany']>>[number];

/**
 * Definitions writes and reads consult — the custom fields, relationships and computed fields of a content type,
 * whether a status applies to one — read once and kept until an epoch moves (every change to them through the API
 * moves it), the way authentication is cached. Without an epoch (PostgreSQL without Redis) every use reads them.
 */
export class Definitions {
  private readonly statuses: EpochCache<true> | null;
  private readonly lists: EpochCache<unknown[]> | null;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly epoch: Epoch | null,
    cacheSeconds: number,
  ) {
    this.statuses = epoch ? new EpochCache(cacheSeconds * 1000) : null;
    this.lists = epoch ? new EpochCache(cacheSeconds * 1000) : null;
  }

  /** Call after any change to custom fields, statuses, relationships or computed fields. */
  async changed(): Promise<void> {
    await this.epoch?.bump();
  }

  private epochNow(): Promise<number> {
    return this.epoch ? this.epoch.current() : Promise.resolve(0);
  }

  /**
   * The epoch these definitions stand at: for a request's view, the one read as the request started (read again
   * after the request changed definitions itself); else read now. Undefined without an epoch.
   */
  standing(): Promise<number> | undefined {
    return this.epoch ? this.epochNow() : undefined;
  }

  /**
   * These definitions as one request sees them: the epoch is read once, however many definitions the request
   * consults (a create reads its custom fields, its status and its relationships), and again after the request
   * changes definitions itself. A change made elsewhere reaches the next request, as for authentication.
   * `readNow` starts the read at once (the server starts it with the request's authentication, so that with Redis
   * both epochs come back in one round trip).
   */
  forRequest(options: { readNow?: boolean } = {}): Definitions {
    let read: Promise<number> | undefined;
    if (options.readNow) {
      read = this.epochNow();
      // Whoever consults a definition gets the failure; a request that never does must not leave it unhandled.
      read.catch(() => {});
    }
    const view = Object.create(this) as Definitions;
    view.epochNow = () => (read ??= this.epochNow());
    view.changed = async () => {
      await this.changed();
      read = undefined;
    };
    return view;
  }

  /** One kind of definition for one content type, from the cache or from `load`. */
  private async cached<T>(kind: string, contentType: string, load: () => Promise<T[]>): Promise<T[]> {
    const key = `${kind}:${contentType}`;
    const epoch = await this.epochNow();
    const hit = this.lists?.get(key, epoch);
    if (hit) return hit as T[];
    const rows = await load();
    this.lists?.set(key, epoch, rows);
    return rows;
  }

  customFields(contentType: string): Promise<CustomFieldDefinition[]> {
    const [appLabel, model] = contentType.split('.');
    return this.cached('customFields', contentType, () => this.prisma.customField.findMany({ where: { contentTypes: { some: { appLabel: appLabel ?? '', model: model ?? '' } } } }));
  }

  /** The relationships with either end on the content type, by label. */
  relationships(contentType: string): Promise<RelationshipDefinition[]> {
    return this.cached('relationships', contentType, () =>
      this.prisma.relationship.findMany({ where: { OR: [{ sourceType: contentType }, { destinationType: contentType }] }, orderBy: [{ label: 'asc' }, { id: 'asc' }] }),
    );
  }

  /** The computed fields of the content type, by weight. */
  computedFields(contentType: string): Promise<ComputedFieldDefinition[]> {
    return this.cached('computedFields', contentType, () => this.prisma.computedField.findMany({ where: { contentType }, orderBy: [{ weight: 'asc' }, { name: 'asc' }] }));
  }

  /** Whether the status applies to the content type; only "yes" is kept, so a new status is never missed. */
  async statusApplies(statusId: string, contentType: string): Promise<boolean> {
    const key = `${statusId}:${contentType}`;
    const epoch = await this.epochNow();
    if (this.statuses?.get(key, epoch)) return true;
    const [appLabel, model] = contentType.split('.');
    const applies = (await this.prisma.status.count({ where: { id: statusId, contentTypes: { some: { appLabel, model } } } })) > 0;
    if (applies) this.statuses?.set(key, epoch, true);
    return applies;
  }
}
