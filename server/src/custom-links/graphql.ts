import { AUTHENTICATED } from '../auth/field-permissions.ts';
import type { FieldError } from '../errors.ts';
import type { FathomBuilder } from '../schema/builder.ts';
import { addModelApi } from '../schema/crud.ts';
import { delegateFor } from '../schema/model-spec.ts';
import { systemOf } from '../system.ts';
import { toTemplateData } from '../templates/engine.ts';

interface RenderedLink {
  name: string;
  text: string;
  url: string | null;
  group: string;
  buttonClass: string;
  newWindow: boolean;
  error: string | null;
}

const BUTTON_CLASSES = ['default', 'primary', 'success', 'warning', 'danger', 'info'] as const;

/**
 * A rendered link's target, if it is one a page may follow: an http(s) URL or a path on this site. Anything else
 * (`javascript:`, `data:`, a scheme-relative `//host`) is refused, whatever the template produced.
 */
export function safeUrl(text: string): string | null {
  const url = text.trim();
  if (url.startsWith('/') && !url.startsWith('//') && !url.startsWith('/\\')) return url;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/**
 * Custom links: templated text and URL per content type, rendered for one object on its detail page (for users who
 * may view the object), grouped into buttons and ordered by weight. Templates see the object as `obj`.
 */
export function addCustomLinkTypes(builder: FathomBuilder): void {
  addModelApi(builder, {
    model: 'CustomLink',
    label: 'Custom link',
    type: {},
    fields: {
      name: { kind: 'string', required: true, maxLength: 100 },
      contentType: { kind: 'string', required: true, maxLength: 100, label: 'Content type', description: 'Content type label, e.g. dcim.device.' },
      text: { kind: 'string', required: true, maxLength: 500, description: 'Jinja2 over the object (`obj`); a link whose text renders empty is not shown.' },
      targetUrl: { kind: 'string', required: true, maxLength: 500, label: 'URL', description: 'Jinja2 over the object (`obj`); must render to an http(s) URL or a path on this site.' },
      weight: { kind: 'int', min: 0, max: 32_767 },
      groupName: { kind: 'string', maxLength: 50, label: 'Group', description: 'Links with the same group show as one menu.' },
      buttonClass: { kind: 'string', choices: BUTTON_CLASSES, label: 'Button class' },
      newWindow: { kind: 'boolean', label: 'Open in a new window' },
    },
    unique: [['name']],
    filters: { contentType: { type: '[String!]', where: (v: string[]) => ({ contentType: { in: v } }) } },
    search: ['name', 'text', 'targetUrl'],
    orderFields: ['name', 'contentType', 'weight', 'created', 'lastUpdated'],
    defaultOrder: [{ contentType: 'asc' }, { weight: 'asc' }, { name: 'asc' }],
    prepare: async (data, ctx) => {
      const errors: FieldError[] = [];
      const models = systemOf(ctx).models;
      if (typeof data['contentType'] === 'string' && !models.takes(data['contentType'], 'customLinks')) {
        errors.push(models.refusal('contentType', data['contentType'], 'customLinks', 'custom links'));
      }
      for (const field of ['text', 'targetUrl'] as const) {
        if (typeof data[field] !== 'string') continue;
        const problem = await systemOf(ctx).templates.check(data[field]);
        if (problem) errors.push({ field, code: 'INVALID', message: problem });
      }
      return errors;
    },
  });

  const link = builder.objectRef<RenderedLink>('RenderedCustomLink').implement({
    description: 'A custom link rendered for one object.',
    fields: (t) => ({
      name: t.exposeString('name'),
      text: t.exposeString('text'),
      url: t.exposeString('url', { nullable: true, description: 'Null when the URL did not render to one a page may follow.' }),
      group: t.exposeString('group'),
      buttonClass: t.exposeString('buttonClass'),
      newWindow: t.exposeBoolean('newWindow'),
      error: t.exposeString('error', { nullable: true }),
    }),
  });
  builder.queryField('objectCustomLinks', (t) =>
    t.field({
      type: [link],
      extensions: AUTHENTICATED,
      description: 'The custom links of one object, rendered, by weight; none when the caller may not view the object.',
      args: { model: t.arg.string({ required: true }), objectId: t.arg.id({ required: true }) },
      resolve: async (_root, args, ctx) => {
        const entry = systemOf(ctx).models.byModel(args.model);
        if (!entry?.features.has('customLinks')) return [];
        const contentType = entry.contentType;
        const object = await delegateFor(ctx, args.model).findUnique({ where: { id: String(args.objectId) } });
        if (!object) return [];
        const definitions = await systemOf(ctx).rootPrisma.customLink.findMany({ where: { contentType }, orderBy: [{ groupName: 'asc' }, { weight: 'asc' }, { name: 'asc' }] });
        const templates = systemOf(ctx).templates;
        const context = { obj: toTemplateData(object) };
        const rendered = await Promise.all(
          definitions.map(async (d): Promise<RenderedLink> => {
            const [text, url] = await Promise.all([templates.render(d.text, context), templates.render(d.targetUrl, context)]);
            const base = { name: d.name, group: d.groupName, buttonClass: d.buttonClass, newWindow: d.newWindow };
            if ('error' in text) return { ...base, text: d.name, url: null, error: text.error };
            if ('error' in url) return { ...base, text: text.output.trim(), url: null, error: url.error };
            const safe = safeUrl(url.output);
            return { ...base, text: text.output.trim(), url: safe, error: safe ? null : 'The URL is not an http(s) address or a path on this site.' };
          }),
        );
        return rendered.filter((r) => r.text !== '');
      },
    }),
  );
}
