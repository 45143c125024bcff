import { requires } from '../auth/field-permissions.ts';
import type { WebhookSettings } from '../config/config.ts';
import type { FieldError } from '../errors.ts';
import type { FathomBuilder } from '../schema/builder.ts';
import { addModelApi } from '../schema/crud.ts';
import { CHANGE_ACTION_FIELDS } from '../schema/common.ts';
import { systemOf } from '../system.ts';
import { parseHeaders } from './send.ts';

/** Deliveries one request lists at most. */
const MAX_DELIVERIES = 200;

/** Where a webhook may send: an absolute URL with an allowed scheme and no credentials in it (use headers). */
function urlProblem(text: string, settings: WebhookSettings): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'Enter an absolute URL such as https://hooks.example.net/fathom.';
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (!(settings.allowedSchemes as string[]).includes(scheme)) return `The URL must use ${settings.allowedSchemes.join(' or ')}.`;
  if (url.username || url.password) return 'Put credentials in a header (Authorization: …), not in the URL.';
  if (url.hostname === '') return 'The URL names no host.';
  return null;
}

/**
 * Webhooks: the standard API over `Webhook`, and the delivery log. The secret is write-only: the type does not
 * show it and the change log does not keep it; an update that leaves it blank keeps the one stored.
 */
export function addWebhookTypes(builder: FathomBuilder, settings: WebhookSettings): void {
  addModelApi(builder, {
    model: 'Webhook',
    type: {
      relations: { contentTypes: {} },
      hide: ['secret'],
      descriptions: { additionalHeaders: 'Extra request headers, one "Name: value" per line.', bodyTemplate: 'A Jinja2 template for the body; empty sends the change as JSON.' },
    },
    fields: {
      name: { kind: 'string', required: true, maxLength: 100 },
      contentTypes: { kind: 'contentTypes', description: 'The content types whose changes it follows, e.g. dcim.device.' },
      ...CHANGE_ACTION_FIELDS,
      payloadUrl: { kind: 'string', required: true, maxLength: 500, label: 'URL' },
      httpMethod: { kind: 'string', choices: ['POST', 'PUT', 'PATCH', 'DELETE', 'GET'], label: 'HTTP method' },
      httpContentType: { kind: 'string', maxLength: 100, label: 'HTTP content type' },
      additionalHeaders: { kind: 'string', maxLength: 4000 },
      bodyTemplate: { kind: 'string', maxLength: 65_536 },
      secret: { kind: 'string', maxLength: 255, description: 'Signs each body (HMAC-SHA512, hex, in the X-Hook-Signature header). Write-only; blank on update keeps the stored one.' },
      sslVerification: { kind: 'boolean', label: 'Verify TLS' },
      enabled: { kind: 'boolean' },
    },
    unique: [['name']],
    search: ['name', 'payloadUrl'],
    orderFields: ['name', 'created', 'lastUpdated'],
    defaultOrder: [{ name: 'asc' }],
    prepare: async (data, ctx, existing) => {
      const errors: FieldError[] = [];
      if (typeof data['payloadUrl'] === 'string') {
        const problem = urlProblem(data['payloadUrl'], settings);
        if (problem) errors.push({ field: 'payloadUrl', code: 'INVALID', message: problem });
      }
      if (typeof data['additionalHeaders'] === 'string') {
        for (const message of parseHeaders(data['additionalHeaders']).problems) errors.push({ field: 'additionalHeaders', code: 'INVALID', message });
      }
      if (typeof data['bodyTemplate'] === 'string' && data['bodyTemplate'] !== '') {
        const problem = await systemOf(ctx).templates.check(data['bodyTemplate']);
        if (problem) errors.push({ field: 'bodyTemplate', code: 'INVALID', message: problem });
      }
      if (existing && data['secret'] === '') delete data['secret'];
      return errors;
    },
  });

  builder.prismaObject('WebhookDelivery', {
    description: 'One change sent (or being sent) to one webhook.',
    fields: (t) => ({
      id: t.exposeID('id'),
      webhook: t.relation('webhook'),
      objectChangeId: t.exposeID('objectChangeId', { description: 'The change record it reports.' }),
      event: t.exposeString('event', { description: 'created, updated or deleted.' }),
      contentType: t.exposeString('contentType'),
      objectId: t.exposeID('objectId'),
      method: t.exposeString('method'),
      url: t.exposeString('url'),
      status: t.exposeString('status', { description: 'pending, delivered, or failed after the last try.' }),
      attempts: t.exposeInt('attempts'),
      responseStatus: t.exposeInt('responseStatus', { nullable: true }),
      error: t.exposeString('error'),
      requestBody: t.exposeString('requestBody'),
      created: t.expose('created', { type: 'DateTime' }),
      lastUpdated: t.expose('lastUpdated', { type: 'DateTime' }),
    }),
  });
  builder.queryField('webhookDeliveries', (t) =>
    t.prismaField({
      type: ['WebhookDelivery'],
      extensions: requires('Webhook', 'view'),
      description: `The delivery log, newest first (at most ${MAX_DELIVERIES}): of one webhook, or of those the caller may view.`,
      args: { webhookId: t.arg.id(), status: t.arg.string(), first: t.arg.int({ defaultValue: 50 }) },
      resolve: async (query, _root, args, ctx) => {
        // Deliveries are the webhook's records: whoever may view a webhook may read its deliveries.
        const visible = await ctx.prisma.webhook.findMany({ where: args.webhookId ? { id: String(args.webhookId) } : {}, select: { id: true } });
        return systemOf(ctx).rootPrisma.webhookDelivery.findMany({
          ...query,
          where: { webhookId: { in: visible.map((w) => w.id) }, ...(args.status ? { status: args.status } : {}) },
          orderBy: [{ created: 'desc' }, { id: 'desc' }],
          take: Math.min(Math.max(args.first ?? 50, 1), MAX_DELIVERIES),
        });
      },
    }),
  );
}
