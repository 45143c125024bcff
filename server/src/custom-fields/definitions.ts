import { EpochCache, type Epoch } from '../cache/epoch.ts';
import type { PrismaClient } from '../db/client.ts';

type CustomFieldDefinition = Awaited<ReturnType<PrismaClient['customField']['findMany']>>[number];
type RelationshipDefinition = Awaited<ReturnType<PrismaClient['relationship']['findMany']>>[number];
type ComputedFieldDefinition = Awaited<ReturnType<PrismaClient['computedField']['findMany']>>[number];

/**
 * Definitions every write consults — the custom fields of a content type, whether a status applies to one — read
 * once and kept until an epoch moves (every change to custom fields or statuses through the API moves it), the
 * way authentication is cached. Without an epoch (PostgreSQL without Redis) every write reads them.
 */
export class Definitions {
  private readonly fields: EpochCache<CustomFieldDefinition[]> | null;
  private readonly statuses: EpochCache<true> | null;
  private readonly relationshipCache: EpochCache<RelationshipDefinition[]> | null;
  private readonly computedCache: EpochCache<ComputedFieldDefinition[]> | null;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly epoch: Epoch | null,
    cacheSeconds: number,
  ) {
    this.fields = epoch ? new EpochCache(cacheSeconds * 1000) : null;
    this.statuses = epoch ? new EpochCache(cacheSeconds * 1000) : null;
    this.relationshipCache = epoch ? new EpochCache(cacheSeconds * 1000) : null;
    this.computedCache = epoch ? new EpochCache(cacheSeconds * 1000) : null;
  }

  /** Call after any change to custom fields, statuses, relationships or computed fields. */
  async changed(): Promise<void> {
    await this.epoch?.bump();
  }

  async customFields(contentType: string): Promise<CustomFieldDefinition[]> {
    const epoch = this.epoch ? await this.epoch.current() : 0;
    const cached = this.fields?.get(contentType, epoch);
    if (cached) return cached;
    const [appLabel, model] = contentType.split('.');
    const rows = await this.prisma.customField.findMany({ where: { contentTypes: { some: { appLabel: appLabel ?? '', model: model ?? '' } } } });
    this.fields?.set(contentType, epoch, rows);
    return rows;
  }

  /** The relationships with either end on the content type, by label. */
  async relationships(contentType: string): Promise<RelationshipDefinition[]> {
    const epoch = this.epoch ? await this.epoch.current() : 0;
    const cached = this.relationshipCache?.get(contentType, epoch);
    if (cached) return cached;
    const rows = await this.prisma.relationship.findMany({ where: { OR: [{ sourceType: contentType }, { destinationType: contentType }] }, orderBy: [{ label: 'asc' }, { id: 'asc' }] });
    this.relationshipCache?.set(contentType, epoch, rows);
    return rows;
  }

  /** The computed fields of the content type, by weight. */
  async computedFields(contentType: string): Promise<ComputedFieldDefinition[]> {
    const epoch = this.epoch ? await this.epoch.current() : 0;
    const cached = this.computedCache?.get(contentType, epoch);
    if (cached) return cached;
    const rows = await this.prisma.computedField.findMany({ where: { contentType }, orderBy: [{ weight: 'asc' }, { name: 'asc' }] });
    this.computedCache?.set(contentType, epoch, rows);
    return rows;
  }

  /** Whether the status applies to the content type; only "yes" is kept, so a new status is never missed. */
  async statusApplies(statusId: string, contentType: string): Promise<boolean> {
    const key = `${statusId}:${contentType}`;
    const epoch = this.epoch ? await this.epoch.current() : 0;
    if (this.statuses?.get(key, epoch)) return true;
    const [appLabel, model] = contentType.split('.');
    const applies = (await this.prisma.status.count({ where: { id: statusId, contentTypes: { some: { appLabel, model } } } })) > 0;
    if (applies) this.statuses?.set(key, epoch, true);
    return applies;
  }
}
