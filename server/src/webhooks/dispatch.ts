import type { Worker } from 'bullmq';
import { bullmq } from '../cache/redis.ts';
import { Background, CachedRules, contentTypeLabels } from '../cache/background.ts';
import type { Epoch } from '../cache/epoch.ts';
import type { WebhookSettings } from '../config/config.ts';
import type { CommittedChange, PrismaClient } from '../context.ts';
import { redisConnection } from '../jobs/queue.ts';
import type { Logger } from '../logger.ts';
import type { ChangeListener } from '../system.ts';
import { toTemplateData, type TemplateEngine } from '../templates/engine.ts';
import { parseHeaders, sendRequest, signBody, SIGNATURE_HEADER } from './send.ts';

const EVENTS: Readonly<Record<string, string>> = { create: 'created', update: 'updated', delete: 'deleted' };

interface ActiveWebhook {
  id: string;
  contentTypes: readonly string[];
  typeCreate: boolean;
  typeUpdate: boolean;
  typeDelete: boolean;
  payloadUrl: string;
  httpMethod: string;
  bodyTemplate: string;
}

/** Where deliveries wait: this process (retries on timers) or a BullMQ queue worked by `fathom worker`. */
export interface DeliveryQueue {
  readonly kind: 'in-process' | 'redis';
  enqueue(deliveryId: string): Promise<void>;
  /** Resolves when every delivery this process holds has finished, retries included (in-process only). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** What the body of a delivery says, and what its template sees. */
function payloadOf(change: CommittedChange): Record<string, unknown> {
  let data: unknown = {};
  try {
    data = JSON.parse(change.data) as unknown;
  } catch {
    data = {};
  }
  return {
    event: EVENTS[change.action] ?? change.action,
    timestamp: change.time.toISOString(),
    model: change.contentType,
    object_id: change.objectId,
    username: change.userName,
    request_id: change.requestId,
    change_id: change.id,
    data: toTemplateData(data),
  };
}

/**
 * Webhooks follow committed changes: for each change, every enabled webhook of its content type and action gets
 * a delivery record (its body rendered now, from the change) that the queue then sends, with retries. Nothing
 * here runs inside the write, and a failure here never fails it.
 */
export class WebhookDispatcher implements ChangeListener {
  private readonly webhooks: CachedRules<ActiveWebhook>;
  private readonly pending = new Background();
  private queue: DeliveryQueue | null = null;

  constructor(
    private readonly prisma: PrismaClient,
    epoch: Epoch | null,
    private readonly templates: TemplateEngine,
    readonly settings: WebhookSettings,
    private readonly log: Logger,
    cacheSeconds: number,
  ) {
    this.webhooks = new CachedRules(epoch, cacheSeconds, async () =>
      (await prisma.webhook.findMany({ where: { enabled: true }, include: { contentTypes: { select: { appLabel: true, model: true } } } })).map((w) => ({ ...w, contentTypes: contentTypeLabels(w.contentTypes) })),
    );
  }

  /** Start sending: deliveries go to this queue. */
  useQueue(queue: DeliveryQueue): void {
    this.queue = queue;
  }

  committed(changes: readonly CommittedChange[], rulesEpoch?: Promise<number>): void {
    this.pending.run(() => this.dispatch(changes, rulesEpoch).catch((error: unknown) => this.log.error({ err: error }, 'webhook dispatch failed')));
  }

  /** Resolves once every change handed over so far has its deliveries sent (in-process) or queued (Redis). */
  async idle(): Promise<void> {
    await this.pending.idle();
    await this.queue?.idle();
  }

  private async dispatch(changes: readonly CommittedChange[], rulesEpoch?: Promise<number>): Promise<void> {
    const hooks = await this.webhooks.current(rulesEpoch);
    if (hooks.length === 0) return;
    for (const change of changes) {
      const wants = (w: ActiveWebhook) => (change.action === 'create' ? w.typeCreate : change.action === 'update' ? w.typeUpdate : w.typeDelete);
      for (const hook of hooks.filter((w) => w.contentTypes.includes(change.contentType) && wants(w))) {
        const payload = payloadOf(change);
        let body = JSON.stringify(payload);
        let error = '';
        if (hook.bodyTemplate !== '') {
          const rendered = await this.templates.render(hook.bodyTemplate, payload);
          if ('output' in rendered) body = rendered.output;
          else error = `The body template failed: ${rendered.error}`;
        }
        const delivery = await this.prisma.webhookDelivery.create({
          data: {
            webhookId: hook.id,
            objectChangeId: change.id,
            event: String(payload['event']),
            contentType: change.contentType,
            objectId: change.objectId,
            method: hook.httpMethod,
            url: hook.payloadUrl,
            requestBody: error ? '' : body,
            status: error ? 'failed' : 'pending',
            error,
          },
        });
        if (!error) await this.queue?.enqueue(delivery.id);
      }
    }
  }

  /**
   * One try of a delivery: send it and record the outcome. Returns whether it was delivered; after the last try
   * (`last`), a delivery that was not is recorded as failed.
   */
  async attempt(deliveryId: string, last: boolean): Promise<boolean> {
    const delivery = await this.prisma.webhookDelivery.findUnique({ where: { id: deliveryId }, include: { webhook: true } });
    if (!delivery || delivery.status !== 'pending') return true;
    const { webhook } = delivery;
    const headers: Record<string, string> = { ...parseHeaders(webhook.additionalHeaders).headers, 'Content-Type': webhook.httpContentType, 'User-Agent': 'Fathom-Webhook' };
    if (webhook.secret) headers[SIGNATURE_HEADER] = signBody(webhook.secret, delivery.requestBody);
    const outcome = await sendRequest({ method: delivery.method, url: delivery.url, headers, body: delivery.requestBody, verifyTls: webhook.sslVerification, timeoutMs: this.settings.timeoutMs });
    await this.prisma.webhookDelivery.update({
      where: { id: deliveryId },
      data: { attempts: { increment: 1 }, responseStatus: outcome.status, error: outcome.error, status: outcome.ok ? 'delivered' : last ? 'failed' : 'pending' },
    });
    if (!outcome.ok) this.log.warn({ webhook: webhook.name, delivery: deliveryId, error: outcome.error, last }, 'webhook delivery failed');
    return outcome.ok;
  }
}

/** Deliveries in this process: each tried up to `maxAttempts` times, waiting `retryDelayMs`, doubled each time. */
export function inProcessDeliveries(dispatcher: WebhookDispatcher): DeliveryQueue {
  const background = new Background();
  const { maxAttempts, retryDelayMs } = dispatcher.settings;
  const run = async (id: string) => {
    for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
      if (await dispatcher.attempt(id, attempt === maxAttempts)) return;
      if (attempt < maxAttempts) await new Promise((resolve) => setTimeout(resolve, retryDelayMs * 2 ** (attempt - 1)));
    }
  };
  return {
    kind: 'in-process',
    enqueue: async (id) => background.run(() => run(id)),
    idle: () => background.idle(),
    close: () => background.idle(),
  };
}

const queueName = (base: string) => `${base}-webhooks`;

/** Deliveries on Redis: BullMQ retries with exponential back-off; `fathom worker` sends them. */
export function redisDeliveries(dispatcher: WebhookDispatcher, redisUrl: string, base: string): DeliveryQueue {
  const queue = new (bullmq().Queue)(queueName(base), { connection: redisConnection(redisUrl) });
  const { maxAttempts, retryDelayMs } = dispatcher.settings;
  return {
    kind: 'redis',
    enqueue: async (id) => {
      await queue.add('deliver', { id }, { jobId: id, attempts: maxAttempts, backoff: { type: 'exponential', delay: retryDelayMs }, removeOnComplete: 1000, removeOnFail: 1000 });
    },
    idle: async () => {},
    close: () => queue.close(),
  };
}

/** Work the Redis delivery queue (inside `fathom worker`). A failed try throws, so that BullMQ tries again. */
export function startDeliveryWorker(dispatcher: WebhookDispatcher, redisUrl: string, base: string, concurrency = 4): Worker {
  const maxAttempts = dispatcher.settings.maxAttempts;
  return new (bullmq().Worker)(
    queueName(base),
    async (job) => {
      const last = job.attemptsMade + 1 >= maxAttempts;
      if (!(await dispatcher.attempt(String((job.data as { id: string }).id), last))) throw new Error('not delivered');
    },
    { connection: redisConnection(redisUrl), concurrency },
  );
}
