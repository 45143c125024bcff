import type { RequestContext } from '../context.ts';
import { systemOf } from '../system.ts';
import { delegateFor, insensitiveContains, type ModelApiSpec, type Where } from './model-spec.ts';

/** Most words of a quick search that are matched; the rest are ignored. */
export const SEARCH_WORDS = 5;

/**
 * Most related objects a search word may match through a dotted path (`location.name`) before the search matches
 * that path with a join instead of a list of ids.
 */
export const RELATED_MATCHES = 500;

/**
 * The quick search `q` as a condition: each word must appear, case-insensitively and literally, in one of the
 * model's search fields.
 *
 * A dotted path to a related object's field (`location.name` on a device) is looked up first, in the related
 * table, and becomes a condition on the foreign key (`locationId IN (...)`). Every arm of the search is then a
 * condition on the model's own columns, which PostgreSQL answers from the trigram index over them and the foreign
 * key's index, combined as a bitmap, instead of scanning and joining every row. Related objects are matched
 * whatever their own view scope, as the related object itself is shown to whoever may view the object.
 */
export async function searchWhere(spec: ModelApiSpec, q: string, ctx: RequestContext): Promise<Where[]> {
  const words = q.trim().split(/\s+/).filter(Boolean).slice(0, SEARCH_WORDS);
  const out: Where[] = [];
  for (const word of words) {
    const or: Where[] = [];
    for (const path of spec.search) or.push(await pathWhere(spec, path, word, ctx));
    out.push({ OR: or });
  }
  return out;
}

async function pathWhere(spec: ModelApiSpec, path: string, word: string, ctx: RequestContext): Promise<Where> {
  const [relation = '', field, ...deeper] = path.split('.');
  if (field === undefined) return { [relation]: insensitiveContains(ctx, word) };
  const ref = spec.fields[relation];
  if (ref?.kind === 'ref' && deeper.length === 0) {
    const related = delegateFor({ ...ctx, prisma: systemOf(ctx).relatedPrisma() }, ref.model);
    const rows = (await related.findMany({ where: { [field]: insensitiveContains(ctx, word) }, select: { id: true }, take: RELATED_MATCHES + 1 })) as Array<{ id: string }>;
    if (rows.length <= RELATED_MATCHES) return { [ref.column]: { in: rows.map((r) => r.id) } };
  }
  return path.split('.').reduceRight<Where>((inner, part) => ({ [part]: inner }), insensitiveContains(ctx, word));
}
