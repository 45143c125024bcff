import { GraphQLError } from 'graphql';
import { AUTHENTICATED } from './field-permissions.ts';
import type { RequestContext } from '../context.ts';
import { fieldErrorRef, type FathomBuilder, type FieldError } from '../schema/builder.ts';
import { systemOf } from '../system.ts';

/** Limits on what one user may keep: enough for every list's columns, too little to use as storage. */
export const PREFERENCE_LIMITS = { key: /^[A-Za-z0-9_.:-]{1,100}$/, valueBytes: 4096, keys: 200 };

type Preference = { key: string; value: string };

function userOf(ctx: RequestContext) {
  const user = ctx.auth.user;
  if (!user) throw new GraphQLError('Not logged in', { extensions: { code: 'UNAUTHENTICATED' } });
  return user;
}

/**
 * The caller's own preferences (the web UI keeps each list's columns here): JSON values by key, read and written
 * only by their owner, bounded in key shape, value size and count.
 */
export function addPreferenceTypes(builder: FathomBuilder): void {
  const preference = builder.objectRef<Preference>('UserPreference').implement({
    fields: (t) => ({
      key: t.exposeString('key'),
      value: t.exposeString('value', { description: 'JSON.' }),
    }),
  });
  const payload = builder.objectRef<{ preference: Preference | null; errors: FieldError[] }>('SetPreferencePayload').implement({
    fields: (t) => ({
      preference: t.field({ type: preference, nullable: true, resolve: (p) => p.preference }),
      errors: t.field({ type: [fieldErrorRef(builder)], resolve: (p) => p.errors }),
    }),
  });

  builder.queryField('myPreferences', (t) =>
    t.field({
      type: [preference],
      extensions: AUTHENTICATED,
      description: 'Your saved preferences, by key.',
      resolve: (_r, _a, ctx) => systemOf(ctx).rootPrisma.userPreference.findMany({ where: { userId: userOf(ctx).id }, select: { key: true, value: true }, orderBy: { key: 'asc' } }),
    }),
  );

  builder.mutationField('setPreference', (t) =>
    t.field({
      type: payload,
      extensions: AUTHENTICATED,
      description: `Save one of your preferences: \`value\` is JSON of at most ${PREFERENCE_LIMITS.valueBytes} bytes; null removes the key. At most ${PREFERENCE_LIMITS.keys} keys.`,
      args: { key: t.arg.string({ required: true }), value: t.arg.string() },
      resolve: async (_r, { key, value }, ctx) => {
        const userId = userOf(ctx).id;
        const db = systemOf(ctx).rootPrisma;
        if (!PREFERENCE_LIMITS.key.test(key)) return { preference: null, errors: [{ field: 'key', code: 'INVALID', message: 'Keys are 1–100 letters, digits and _.:- characters.' }] };
        if (value == null) {
          await db.userPreference.deleteMany({ where: { userId, key } });
          return { preference: null, errors: [] };
        }
        if (Buffer.byteLength(value) > PREFERENCE_LIMITS.valueBytes) return { preference: null, errors: [{ field: 'value', code: 'TOO_LONG', message: `A preference holds at most ${PREFERENCE_LIMITS.valueBytes} bytes.` }] };
        try {
          JSON.parse(value);
        } catch {
          return { preference: null, errors: [{ field: 'value', code: 'INVALID', message: 'The value must be JSON.' }] };
        }
        const exists = await db.userPreference.findUnique({ where: { userId_key: { userId, key } }, select: { id: true } });
        if (!exists && (await db.userPreference.count({ where: { userId } })) >= PREFERENCE_LIMITS.keys) {
          return { preference: null, errors: [{ field: 'key', code: 'LIMIT', message: `You already keep ${PREFERENCE_LIMITS.keys} preferences; remove one first.` }] };
        }
        const saved = await db.userPreference.upsert({ where: { userId_key: { userId, key } }, create: { userId, key, value }, update: { value }, select: { key: true, value: true } });
        return { preference: saved, errors: [] };
      },
    }),
  );
}
