import type { Redis } from 'ioredis';
import { ioredis } from '../cache/redis.ts';
import type { CommittedChange, RequestContext } from '../context.ts';
import type { Logger } from '../logger.ts';
import { delegateFor } from '../schema/model-spec.ts';
import { systemOf, type ChangeListener } from '../system.ts';

type Listener = (change: CommittedChange) => void;

/**
 * The change feed: committed changes, handed to every subscriber in this process — and, with Redis, in every
 * process, through one pub/sub channel. Each process publishes its own changes to the channel and hears them back
 * from it, so every subscriber anywhere sees each change once.
 */
export class ChangeFeed implements ChangeListener {
  private readonly listeners = new Set<Listener>();
  private readonly publisher: Redis | null;
  private readonly subscriber: Redis | null;
  private readonly ready: Promise<void>;

  constructor(
    redisUrl: string | undefined,
    private readonly channel: string,
    private readonly log: Logger,
  ) {
    this.publisher = redisUrl ? new (ioredis().Redis)(redisUrl, { maxRetriesPerRequest: 2 }) : null;
    this.subscriber = redisUrl ? new (ioredis().Redis)(redisUrl) : null;
    this.ready = this.subscriber ? this.subscriber.subscribe(channel).then(() => undefined) : Promise.resolve();
    this.subscriber?.on('message', (_channel: string, message: string) => {
      try {
        const parsed = JSON.parse(message) as CommittedChange & { time: string };
        this.emit({ ...parsed, time: new Date(parsed.time) });
      } catch (error) {
        this.log.warn({ err: error }, 'an unreadable message on the change feed channel was dropped');
      }
    });
  }

  committed(changes: readonly CommittedChange[]): void {
    for (const change of changes) {
      if (this.publisher) void this.publisher.publish(this.channel, JSON.stringify(change)).catch((error: unknown) => this.log.error({ err: error }, 'publishing a change failed'));
      else this.emit(change);
    }
  }

  /** Resolves once this process hears the channel (at once without Redis). */
  listening(): Promise<void> {
    return this.ready;
  }

  /** How many subscribers this process serves now. */
  listenerCount(): number {
    return this.listeners.size;
  }

  listen(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.subscriber?.disconnect();
    this.publisher?.disconnect();
  }

  private emit(change: CommittedChange): void {
    for (const listener of this.listeners) listener(change);
  }
}

/**
 * Whether a change is one the caller may see: of a content type they may view, and under a constrained view
 * permission, of an object that exists and falls inside it (a deleted object's changes are for unconstrained
 * viewers) — the change log's own rule.
 */
export async function changeVisibleTo(ctx: RequestContext, change: Pick<CommittedChange, 'contentType' | 'objectId'>): Promise<boolean> {
  const perms = ctx.auth.permissions;
  if (perms.superuser) return true;
  const model = systemOf(ctx).modelNames.find((m) => perms.contentTypeOf(m) === change.contentType);
  if (!model) return false;
  const scope = perms.scope(model, 'view');
  if (scope.kind === 'all') return true;
  if (scope.kind !== 'where') return false;
  return (await delegateFor(ctx, model).count({ where: { id: change.objectId } })) > 0;
}
