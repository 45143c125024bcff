import type { Redis } from 'ioredis';
import { ioredis } from '../cache/redis.ts';
import type { CommittedChange, RequestContext } from '../context.ts';
import type { Logger } from '../logger.ts';
import { delegateFor } from '../schema/model-spec.ts';
import { systemOf, type ChangeListener } from '../system.ts';

type Listener = (change: CommittedChange) => void;
/** Most changes in one message: a bulk write of thousands goes out in messages a listener reads in one go. */
const PER_MESSAGE = 100;
/** A change as the channel carries it (JSON: its time a string). */
type Heard = CommittedChange & { time: string };

/**
 * The change feed: committed changes, handed to every subscriber in this process — and, with Redis, in every
 * process, through one pub/sub channel. Each process publishes its own changes to the channel (the changes
 * committed in one turn of the event loop in one message, a JSON array of at most `PER_MESSAGE`) and, while it has a
 * subscriber, hears them back from it, so every subscriber anywhere sees each change once. A process without
 * subscribers does not listen to the channel: hearing every change of every process back, to hand it to nobody,
 * cost CPU in the server and in Redis on every write.
 */
export class ChangeFeed implements ChangeListener {
  private readonly listeners = new Set<Listener>();
  private readonly publisher: Redis | null;
  private readonly subscriber: Redis | null;
  /** Listeners asked for and not yet stopped, heard or still waiting for the channel. */
  private wanted = 0;
  /** While the channel is wanted: resolves once this process hears it. */
  private subscribed: Promise<void> | null = null;
  /** Changes committed in this turn of the event loop, published together at its end. */
  private outbox: CommittedChange[] = [];

  constructor(
    redisUrl: string | undefined,
    private readonly channel: string,
    private readonly log: Logger,
  ) {
    this.publisher = redisUrl ? new (ioredis().Redis)(redisUrl, { maxRetriesPerRequest: 2 }) : null;
    this.subscriber = redisUrl ? new (ioredis().Redis)(redisUrl, { lazyConnect: true }) : null;
    this.subscriber?.on('message', (_channel: string, message: string) => {
      if (this.listeners.size === 0) return;
      try {
        const parsed = JSON.parse(message) as Heard | Heard[];
        for (const change of Array.isArray(parsed) ? parsed : [parsed]) this.emit({ ...change, time: new Date(change.time) });
      } catch (error) {
        this.log.warn({ err: error }, 'an unreadable message on the change feed channel was dropped');
      }
    });
  }

  committed(changes: readonly CommittedChange[]): void {
    if (!this.publisher) {
      for (const change of changes) this.emit(change);
      return;
    }
    if (changes.length === 0) return;
    if (this.outbox.length === 0) setImmediate(() => this.flush());
    // One at a time: spreading a bulk write's thousands of changes into push() would pass them all as arguments.
    for (const change of changes) this.outbox.push(change);
  }

  /** Publish what committed since the last flush as one message. */
  private flush(): void {
    const batch = this.outbox;
    if (batch.length === 0 || !this.publisher) return;
    this.outbox = [];
    for (let at = 0; at < batch.length; at += PER_MESSAGE) {
      const message = JSON.stringify(batch.slice(at, at + PER_MESSAGE));
      void this.publisher.publish(this.channel, message).catch((error: unknown) => this.log.error({ err: error }, 'publishing changes failed'));
    }
  }

  /**
   * Resolves once this process hears the channel (at once without Redis, or with no listener): a listener hears
   * every change published after that.
   */
  listening(): Promise<void> {
    return this.subscribed ?? Promise.resolve();
  }

  /** How many listeners this process serves now: those that hear the channel. */
  listenerCount(): number {
    return this.listeners.size;
  }

  /**
   * Hear committed changes from now on. With Redis the listener starts hearing once the process hears the channel
   * (`listening()`); the first listener makes it subscribe, the last one to stop makes it unsubscribe.
   */
  listen(listener: Listener): () => void {
    let stopped = false;
    this.wanted += 1;
    if (!this.subscriber) this.listeners.add(listener);
    else {
      const subscribed = (this.subscribed ??= this.subscriber.subscribe(this.channel).then(() => undefined));
      subscribed.then(
        () => {
          if (!stopped) this.listeners.add(listener);
        },
        (error: unknown) => {
          // Whoever waits on `listening()` gets the failure; the next listener tries again.
          if (this.subscribed === subscribed) this.subscribed = null;
          this.log.error({ err: error }, 'subscribing to the change feed channel failed');
        },
      );
    }
    return () => {
      if (stopped) return;
      stopped = true;
      this.wanted -= 1;
      this.listeners.delete(listener);
      if (this.wanted === 0 && this.subscriber && this.subscribed) {
        this.subscribed = null;
        void this.subscriber.unsubscribe(this.channel).catch((error: unknown) => this.log.warn({ err: error }, 'unsubscribing from the change feed channel failed'));
      }
    };
  }

  async close(): Promise<void> {
    this.flush();
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
